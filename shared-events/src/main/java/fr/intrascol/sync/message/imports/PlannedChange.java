package fr.intrascol.sync.message.imports;

import java.util.List;

/**
 * One change an import would make. {@code accountId} is null for an arrival (the account does not
 * exist yet); {@code line} is null for a departure (the pupil is not in the file); {@code pupil} is the
 * name as a director reads it.
 */
public record PlannedChange(ChangeKind kind, String accountId, Integer line, String pupil, List<FieldDiff> fields) {
}
