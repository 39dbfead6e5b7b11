package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.value.Uai;

import java.util.List;

/**
 * A planned import was applied: the account events just before it, with the same {@code importId}
 * in their metadata, are its changes. {@code summary} counts what was applied; the lines left out and
 * the director's answers to probable renames are kept with it.
 */
public record ImportApplied(Uai uai, String importId, ImportSummary summary, List<Integer> excludedLines,
                            RenameDecisions decisions) implements SchoolEvent {
}
