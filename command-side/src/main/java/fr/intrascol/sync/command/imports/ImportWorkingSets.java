package fr.intrascol.sync.command.imports;

import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The command side's working data of planned imports: the uploaded rows, their problems and the plan
 * as previewed. They are needed to review and apply a plan, and are not history: they are kept out of
 * the event store, written in the same transaction as the plan's event, and deleted once the plan is
 * applied or discarded (a plan that waits too long is discarded by the retention rule). Erasable, so a
 * person's data is never kept longer than a plan lives.
 */
public interface ImportWorkingSets {

    /** What a planned import needs until it is applied or discarded. */
    record WorkingSet(String importId, String uai, List<PupilRow> rows, List<RowProblem> problems, ImportPlan plan,
                      Instant createdAt) {
    }

    void save(WorkingSet set);

    Optional<WorkingSet> find(String importId);

    void delete(String importId);
}
