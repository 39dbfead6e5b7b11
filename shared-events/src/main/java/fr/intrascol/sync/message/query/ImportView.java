package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.imports.RollbackConflict;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;

import java.time.Instant;
import java.util.List;

/**
 * An import as the imports projection knows it: who uploaded and applied it and when, its status
 * (PLANNED, APPLIED, REJECTED, ROLLED_BACK, DISCARDED), and, in the detailed view, its plan, problems and
 * rows.
 */
public record ImportView(String importId, String uai, String fileName, String sha256, String format, String encoding,
                         String status, String uploadedBy, Instant uploadedAt, String appliedBy, Instant appliedAt,
                         String rejection, ImportPlan plan, List<RowProblem> problems, List<PupilRow> rows,
                         List<Integer> excludedLines, ImportSummary appliedSummary, RenameDecisions decisions,
                         String rolledBackBy, Instant rolledBackAt, Rollback rollback, Discard discard) {

    /** Who dropped a plan, when, why, and through what: MANUAL (a person) or RETENTION (the plan was too old). */
    public record Discard(String by, Instant at, String reason, String origin) {
    }

    /** What a rollback did, and why it was asked. */
    public record Rollback(int compensated, List<RollbackConflict> conflicts, boolean forced, String reason) {
    }
}
