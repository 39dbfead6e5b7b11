package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.value.Uai;

import java.time.LocalDate;
import java.util.Set;

/**
 * Apply a planned import: the school plans again from the rows kept with the plan (its working set)
 * and, if its accounts are still at {@code expectedRevision}, applies every change as events in one go.
 * Refused when the plan is outdated, discarded or gone, when lines with problems are not excluded, when
 * probable renames are undecided, or when a mass departure or an older file is not confirmed. Answers an
 * {@link ImportApplication}.
 *
 * @param excludedLines lines the director chose to leave out of this import
 * @param takeFileValues accounts (ids) for which the file's values replace values set by hand
 * @param confirmOlderFile the director confirmed a file that looks older than the last import
 * @param today         the day it is applied (plausibility warnings are counted against it)
 */
public record ApplyImport(Uai uai, String importId, Set<Integer> excludedLines, RenameDecisions decisions,
                          long expectedRevision, boolean confirmMassDeparture, Set<String> takeFileValues,
                          boolean confirmOlderFile, LocalDate today) implements SchoolCommand {

    public ApplyImport {
        excludedLines = excludedLines == null ? Set.of() : Set.copyOf(excludedLines);
        takeFileValues = takeFileValues == null ? Set.of() : Set.copyOf(takeFileValues);
    }
}
