package fr.intrascol.sync.message.imports;

/** The counts of an import plan, as the API contract names them. */
public record ImportSummary(int arrivals, int departures, int moves, int renames, int unchanged, int warnings,
                            int errors) {
}
