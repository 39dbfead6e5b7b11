package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;
import fr.intrascol.sync.message.value.Uai;

import java.util.List;

/**
 * An extraction was uploaded and planned (who uploaded it is in the metadata). Holds the pupils as
 * read (names, birth date, INE, level, class: never addresses or consents), the row problems and the
 * plan, so that the import can be reviewed, applied later, and replayed elsewhere.
 */
public record ImportPlanned(Uai uai, String importId, String fileName, String sha256, String format,
                           String encoding, List<PupilRow> rows, List<RowProblem> problems, ImportPlan plan)
        implements SchoolEvent {
}
