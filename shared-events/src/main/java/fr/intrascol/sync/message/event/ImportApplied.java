package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.value.Uai;

import java.util.List;

/**
 * A planned import was applied: the account events just before it, with the same {@code importId}
 * in their metadata, are its changes. {@code summary} counts what was applied; the lines left out and
 * the director's answers to probable renames are kept with it, with the accounts for which the file's
 * values replaced values set by hand ({@code takeFileValues}) and whether a file that looked older than
 * the last import was confirmed.
 */
public record ImportApplied(Uai uai, String importId, ImportSummary summary, List<Integer> excludedLines,
                            RenameDecisions decisions, List<String> takeFileValues, boolean confirmedOlderFile)
        implements SchoolEvent {

    public ImportApplied {
        takeFileValues = takeFileValues == null ? List.of() : List.copyOf(takeFileValues);
    }
}
