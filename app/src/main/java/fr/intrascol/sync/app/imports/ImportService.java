package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.audit.AuditedCommands;
import fr.intrascol.sync.app.axon.ReadModelFence;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.command.extraction.Extraction;
import fr.intrascol.sync.command.extraction.ExtractionReader;
import fr.intrascol.sync.command.extraction.ExtractionRejectedException;
import fr.intrascol.sync.command.imports.ImportWorkingSets;
import fr.intrascol.sync.message.event.ImportApplied;
import fr.intrascol.sync.message.event.ImportDiscarded;
import fr.intrascol.sync.message.event.ImportPlanned;
import fr.intrascol.sync.message.event.ImportRejected;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.command.ApplyImport;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.ImportApplication;
import fr.intrascol.sync.message.command.PlanImport;
import fr.intrascol.sync.message.command.DiscardImport;
import fr.intrascol.sync.message.command.ImportRollback;
import fr.intrascol.sync.message.command.RecordRejectedImport;
import fr.intrascol.sync.message.command.RollbackImport;
import fr.intrascol.sync.message.command.PreviewRollback;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.FindImport;
import fr.intrascol.sync.message.query.FindImports;
import fr.intrascol.sync.message.query.ImportView;
import fr.intrascol.sync.message.value.RowProblem;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.imports.ImportsProjection;
import org.apache.commons.codec.digest.DigestUtils;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.ZoneId;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The start-of-year job, shared by the API and the command line: read an uploaded extraction, have
 * the school plan it, and apply a plan when asked. Every step is a command on the school, so the
 * upload, the plan and the application are all in the school's history.
 */
@Service
public class ImportService {

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);

    private final ExtractionReader reader;
    private final AuditedCommands commands;
    private final QueryGateway queries;
    private final AccountReadModel accounts;
    private final CredentialsSheets sheets;
    private final ReadModelFence fence;
    private final ImportWorkingSets workingSets;
    private final AppliedChanges appliedChanges;
    private final JdbcClient jdbc;

    private final Clock clock;
    private final ZoneId zone;

    public ImportService(ExtractionReader reader, AuditedCommands commands, QueryGateway queries,
                         AccountReadModel accounts, CredentialsSheets sheets, ReadModelFence fence,
                         ZoneId zone, Clock clock,
                         ImportWorkingSets workingSets, AppliedChanges appliedChanges, JdbcClient jdbc) {
        this.workingSets = workingSets;
        this.jdbc = jdbc;
        this.appliedChanges = appliedChanges;
        this.clock = clock;
        this.zone = zone;
        this.reader = reader;
        this.commands = commands;
        this.queries = queries;
        this.accounts = accounts;
        this.sheets = sheets;
        this.fence = fence;
    }

    /**
     * What the director decides when applying.
     *
     * @param takeFileValues   accounts (ids) whose marked lines take the file's values over values set by hand
     * @param confirmOlderFile the file looks older than the last import, and the director applies it anyway
     */
    public record ApplyOptions(boolean confirmMassDeparture, Set<Integer> excludeLines, Set<Integer> confirmRenames,
                               Set<Integer> rejectRenames, Set<String> takeFileValues, boolean confirmOlderFile) {

        public ApplyOptions {
            excludeLines = excludeLines == null ? Set.of() : excludeLines;
            confirmRenames = confirmRenames == null ? Set.of() : confirmRenames;
            rejectRenames = rejectRenames == null ? Set.of() : rejectRenames;
            takeFileValues = takeFileValues == null ? Set.of() : takeFileValues;
        }

        public ApplyOptions(boolean confirmMassDeparture, Set<Integer> excludeLines, Set<Integer> confirmRenames,
                            Set<Integer> rejectRenames) {
            this(confirmMassDeparture, excludeLines, confirmRenames, rejectRenames, Set.of(), false);
        }

        public static ApplyOptions none() {
            return new ApplyOptions(false, Set.of(), Set.of(), Set.of());
        }
    }

    /** The planned import's id, and its view once the read model shows it (empty if it is slow). */
    public record Planned(String importId, Optional<ImportView> view) {
    }

    /** Events of a school that may follow the last applied import without changing what planning its file gives. */
    private static final Set<String> UPLOADS_ONLY = Set.of(ImportPlanned.class.getName(),
            ImportRejected.class.getName(), ImportDiscarded.class.getName());
    /** How far back the school's events are read to find its last applied import. */
    private static final int RECENT_EVENTS = 50;

    /**
     * The school's last applied import when {@code content} is byte for byte that import's file and planning
     * it again could only say "nothing to change": the import was applied in full (no line left out, no
     * probable rename decided, no value set by hand kept), it is not rolled back, and the school has had no
     * event since but other uploads (plans, refused files, discarded plans). Empty otherwise: the file is
     * planned as usual. Answers without reading the file nor loading the school: the unchanged re-run of a
     * whole département takes a few queries per school.
     */
    public Optional<ImportView> alreadyApplied(Uai uai, byte[] content) {
        accounts.requireSchool(uai);
        if (content == null || content.length == 0 || !fence.awaitSchool(uai, ImportsProjection.PROCESSING_GROUP)) {
            return Optional.empty();
        }
        String sha256 = sha256(content);
        Optional<ImportView> last = queries.query(new FindImports(uai),
                        ResponseTypes.multipleInstancesOf(ImportView.class)).join().stream()
                .filter(v -> v.appliedAt() != null)
                .max(java.util.Comparator.comparing(ImportView::appliedAt));
        if (last.isEmpty() || !"APPLIED".equals(last.get().status()) || !sha256.equals(last.get().sha256())
                || !appliedInFull(last.get()) || !noChangeSinceLastApply(uai)) {
            return Optional.empty();
        }
        log.info("Import of school {}: the file is the one of import {}, applied, and nothing changed since:"
                + " nothing to plan", uai.value(), last.get().importId());
        return last;
    }

    private static boolean appliedInFull(ImportView view) {
        ImportSummary summary = view.appliedSummary() != null ? view.appliedSummary()
                : view.plan() != null ? view.plan().summary() : null;
        return summary != null && summary.errors() == 0 && summary.manualKept() == 0
                && (view.excludedLines() == null || view.excludedLines().isEmpty())
                && (view.decisions() == null || (view.decisions().confirmed().isEmpty()
                        && view.decisions().rejected().isEmpty()));
    }

    /** Whether the school's last events, back to its last {@code ImportApplied}, are uploads only. */
    private boolean noChangeSinceLastApply(Uai uai) {
        List<String> recent = jdbc.sql("""
                        SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?
                        ORDER BY sequence_number DESC LIMIT ?""")
                .params(uai.value(), RECENT_EVENTS).query(String.class).list();
        for (String type : recent) {
            if (type.equals(ImportApplied.class.getName())) {
                return true;
            }
            if (!UPLOADS_ONLY.contains(type)) {
                return false;
            }
        }
        return false;
    }

    public Planned plan(Uai uai, String fileName, byte[] content) {
        accounts.requireSchool(uai);
        String importId = UUID.randomUUID().toString();
        String name = fileName == null || fileName.isBlank() ? "extraction.csv" : fileName.strip();
        name = name.length() > 255 ? name.substring(0, 255) : name;
        String sha256 = sha256(content == null ? new byte[0] : content);
        Extraction extraction;
        try {
            extraction = reader.read(content);
        } catch (ExtractionRejectedException e) {
            commands.send(new RecordRejectedImport(uai, importId, name, sha256, e.getMessage()), Origin.IMPORT, null,
                    importId);
            throw new ImportRejectedException(importId, e.code(), e.getMessage(), e.args());
        }
        commands.send(new PlanImport(uai, importId, name, sha256, extraction.format().name(), extraction.encoding(),
                extraction.rows(), extraction.problems(), today()), Origin.IMPORT, null, importId);
        return new Planned(importId, fence.awaitSchool(uai, ImportsProjection.PROCESSING_GROUP) ? find(importId)
                : Optional.empty());
    }

    public ImportApplication apply(String importId, ApplyOptions options) {
        return apply(importId, options, () -> { });
    }

    /**
     * As {@link #apply(String, ApplyOptions)}; {@code stored} runs once the changes are stored (all of
     * them), before the wait for the read models: the pages show the two stages of a long apply.
     */
    public ImportApplication apply(String importId, ApplyOptions options, Runnable stored) {
        ImportView view = find(importId).orElseThrow(() -> unknown(importId));
        if (!"PLANNED".equals(view.status())) {
            String state = switch (view.status()) {
                case "APPLIED" -> "already applied";
                case "ROLLED_BACK" -> "applied and rolled back";
                case "REJECTED" -> "a refused file";
                case "DISCARDED" -> "a discarded plan";
                default -> view.status().toLowerCase();
            };
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "IMPORT_NOT_PLANNED",
                    "This import is "
                    + state + (view.appliedAt() != null ? " (applied by " + view.appliedBy()
                    + " at " + view.appliedAt() + ")" : "") + "; it cannot be applied. Upload the file again to see"
                    + " what is left to do.", view.status());
        }
        Uai uai = new Uai(view.uai());
        ImportApplication application = commands.send(new ApplyImport(uai, importId, options.excludeLines(),
                        new RenameDecisions(options.confirmRenames(), options.rejectRenames()),
                        view.plan().revision(), options.confirmMassDeparture(), options.takeFileValues(),
                        options.confirmOlderFile(), today()),
                Origin.IMPORT, null, importId);
        String schoolName = accounts.school(uai).map(s -> s.name()).orElse(uai.value());
        sheets.keep(importId, uai.value(), schoolName, view.fileName(),
                application.credentials().stream().map(c -> new CredentialsSheetPdf.Card(c.classGroup(),
                        c.lastName(), c.firstName(), c.login(), c.password())).toList());
        stored.run();
        awaitReadModels(uai, importId);
        return application;
    }

    /**
     * Drops a plan that will not be applied. A person ({@code origin} MANUAL) must say why; only the person
     * who uploaded it or an administrator may (checked by the caller, who knows the user); the retention job
     * discards plans past their time with origin RETENTION.
     */
    public void discard(String importId, String reason, Origin origin) {
        ImportView view = find(importId).orElseThrow(() -> unknown(importId));
        if (reason == null || reason.isBlank()) {
            throw new InvalidValueException("reason", "Say why this plan is discarded (reason): it stays in the"
                    + " school's history of imports.");
        }
        if (!"PLANNED".equals(view.status())) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "IMPORT_NOT_PLANNED",
                    "Only a plan that waits to be applied can be discarded; this import is "
                    + view.status().toLowerCase().replace('_', ' ') + ".", view.status());
        }
        Uai uai = new Uai(view.uai());
        commands.send(new DiscardImport(uai, importId), origin, reason.strip(), importId);
        fence.awaitSchool(uai, ImportsProjection.PROCESSING_GROUP);
    }

    /** The upload's or apply's day, in the installation's time zone. */
    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** Compensate an applied import; the reason is required, it is what an inspector will read. */
    public ImportRollback rollback(String importId, String reason, boolean force) {
        ImportView view = rollbackable(importId);
        if (reason == null || reason.isBlank()) {
            throw new InvalidValueException("reason", "Say why this import is rolled back (reason): it stays in the"
                    + " history of every account it changes.");
        }
        Uai uai = new Uai(view.uai());
        ImportRollback rollback = commands.send(new RollbackImport(uai, importId, force), Origin.ROLLBACK, reason,
                importId);
        sheets.take(importId); // the sheet's accounts are closed now: never print it
        awaitReadModels(uai, importId);
        return rollback;
    }

    /**
     * What {@link #rollback} would do now with the same {@code force}: the school decides as for the
     * rollback and records nothing. Refused as the rollback would be (except for the missing reason).
     */
    public ImportRollback previewRollback(String importId, boolean force) {
        ImportView view = rollbackable(importId);
        return commands.send(new PreviewRollback(new Uai(view.uai()), importId, force), Origin.ROLLBACK, null,
                importId);
    }

    private ImportView rollbackable(String importId) {
        ImportView view = find(importId).orElseThrow(() -> unknown(importId));
        if ("REJECTED".equals(view.status())) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "ROLLBACK_REJECTED_FILE",
                    "This file was refused when it"
                    + " was uploaded: it changed nothing, so there is nothing to roll back.");
        }
        return view;
    }

    /** The pending credentials of an applied import, taken once (for the command line's PDF files). */
    public CredentialsSheets.Pending takeCredentials(String importId) {
        return sheets.take(importId).orElseThrow(() -> unknown(importId));
    }

    /** The import as the read model knows it, without the plan's detail. */
    public Optional<ImportView> findSummary(String importId) {
        return queries.query(new FindImport(importId), ResponseTypes.optionalInstanceOf(ImportView.class)).join();
    }

    /**
     * The import as the read model knows it, with, while the plan waits, its detail (changes, probable
     * renames, warnings, row problems, rows) from the command side's working set; once applied or
     * discarded that detail is gone (only counts remain: the account changes are in the audit log).
     */
    public Optional<ImportView> find(String importId) {
        Optional<ImportView> view = queries.query(new FindImport(importId),
                ResponseTypes.optionalInstanceOf(ImportView.class)).join();
        if (view.isEmpty()) {
            return view;
        }
        Optional<ImportWorkingSets.WorkingSet> set = workingSets.find(importId);
        if (set.isPresent()) {
            return Optional.of(withDetail(view.get(), set.get()));
        }
        ImportView v = view.get();
        if (v.plan() != null && (v.appliedAt() != null)) {
            ImportPlan counts = v.plan();
            ImportPlan done = new ImportPlan(counts.revision(), appliedChanges.of(v.uai(), importId), List.of(),
                    counts.warnings(), counts.summary(), counts.massDeparture(), counts.olderFile());
            return Optional.of(withDetail(v, new ImportWorkingSets.WorkingSet(importId, v.uai(), null, null, done,
                    null)));
        }
        return view;
    }

    private static ImportView withDetail(ImportView v, ImportWorkingSets.WorkingSet set) {
        return new ImportView(v.importId(), v.uai(), v.fileName(), v.sha256(), v.format(), v.encoding(), v.status(),
                v.uploadedBy(), v.uploadedAt(), v.appliedBy(), v.appliedAt(), v.rejection(),
                set.plan() != null ? set.plan() : v.plan(), set.problems(), set.rows(), v.excludedLines(),
                v.appliedSummary(), v.decisions(), v.rolledBackBy(), v.rolledBackAt(), v.rollback(), v.discard());
    }

    public static NotFoundException unknown(String importId) {
        return new NotFoundException("Import " + importId + " does not exist.");
    }

    /**
     * Waits until every read model (the import's status, the accounts, their history) has processed the
     * school's last event: the school's own, not every school's (a département imports at once in
     * September). Says so in the log when they are late; the answer is 200 all the same (the import is
     * applied), possibly showing the import as it was a moment before.
     */
    private void awaitReadModels(Uai uai, String importId) {
        long start = System.nanoTime();
        if (!fence.awaitSchool(uai)) {
            log.warn("Import {}: the read models did not show every change within {} ms; the answer may miss some"
                    + " of them for a moment", importId, (System.nanoTime() - start) / 1_000_000);
        }
    }

    static String sha256(byte[] content) {
        return DigestUtils.sha256Hex(content);
    }

}
