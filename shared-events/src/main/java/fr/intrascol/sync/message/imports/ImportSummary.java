package fr.intrascol.sync.message.imports;

/**
 * The counts of an import plan, as the API contract names them.
 *
 * @param accents    accounts whose names gain the accents the register writes (case and spacing kept)
 * @param manualKept lines that would overwrite a value set by hand, and keep it (the director did not take
 *                   the file's value); their other fields are counted where they belong
 */
public record ImportSummary(int arrivals, int departures, int moves, int renames, int unchanged, int warnings,
                            int errors, int accents, int manualKept) {

    public ImportSummary(int arrivals, int departures, int moves, int renames, int unchanged, int warnings,
                         int errors) {
        this(arrivals, departures, moves, renames, unchanged, warnings, errors, 0, 0);
    }
}
