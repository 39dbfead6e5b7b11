package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;
import fr.intrascol.sync.message.value.Uai;

import java.time.LocalDate;
import java.util.List;

/**
 * Compare an uploaded extraction with the school's accounts and record the plan. Changes nothing in
 * the accounts; answers the {@code ImportPlan}.
 *
 * @param format   ONDE or BASE_ELEVES
 * @param encoding as detected (Windows-1252, UTF-8...)
 * @param uploadedOn the upload's day, against which ages and birth dates are checked for plausibility
 */
public record PlanImport(Uai uai, String importId, String fileName, String sha256, String format, String encoding,
                         List<PupilRow> rows, List<RowProblem> problems, LocalDate uploadedOn)
        implements SchoolCommand {
}
