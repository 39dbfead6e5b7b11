package fr.intrascol.sync.message.imports;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * What applying an extraction would change in a school, computed against the school's accounts at
 * {@code revision} (the number of account events the school had then). Applying it later against
 * another revision is refused: the plan must be computed again.
 *
 * @param massDeparture more than the configured share of active pupils would leave: probably a
 *                      partial extraction; applying needs an explicit confirmation
 * @param olderFile     more than the configured share of the class moves go to a lower level: probably
 *                      an extraction older than the last import; applying needs an explicit confirmation
 */
public record ImportPlan(long revision, List<PlannedChange> changes, List<ProbableRename> probableRenames,
                         List<PlanWarning> warnings, ImportSummary summary, boolean massDeparture,
                         boolean olderFile) {

    public ImportPlan(long revision, List<PlannedChange> changes, List<ProbableRename> probableRenames,
                      List<PlanWarning> warnings, ImportSummary summary, boolean massDeparture) {
        this(revision, changes, probableRenames, warnings, summary, massDeparture, false);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return changes.isEmpty() && probableRenames.isEmpty();
    }
}
