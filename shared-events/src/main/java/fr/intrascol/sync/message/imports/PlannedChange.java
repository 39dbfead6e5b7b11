package fr.intrascol.sync.message.imports;

import java.util.List;

/**
 * One change an import would make. {@code accountId} is null for an arrival (the account does not
 * exist yet); {@code line} is null for a departure (the pupil is not in the file); {@code pupil} is the
 * name as a director reads it.
 *
 * @param revertsManualChange some of {@code fields} were set by hand since the account's last import
 *                            ({@code manualChanges} says which, by whom, when and why)
 * @param keepsManualValues   those fields keep their manual value when applied (the default); false when
 *                            the director chose the file's value for this account
 */
public record PlannedChange(ChangeKind kind, String accountId, Integer line, String pupil, List<FieldDiff> fields,
                            boolean revertsManualChange, List<ManualChange> manualChanges,
                            boolean keepsManualValues) {

    public PlannedChange {
        manualChanges = manualChanges == null ? List.of() : List.copyOf(manualChanges);
    }

    public PlannedChange(ChangeKind kind, String accountId, Integer line, String pupil, List<FieldDiff> fields) {
        this(kind, accountId, line, pupil, fields, false, List.of(), false);
    }
}
