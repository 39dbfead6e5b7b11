package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.Uai;

/**
 * What {@link RollbackImport} would do now, with the same {@code force}, without doing it: the school
 * decides exactly as for a rollback but applies no event. Answers an {@link ImportRollback} (how many
 * changes would be compensated, and the conflicts).
 */
public record PreviewRollback(Uai uai, String importId, boolean force) implements SchoolCommand {
}
