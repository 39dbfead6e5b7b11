package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.Uai;

/**
 * Compensate every account change an applied import made, newest first. Changes on accounts changed
 * again since are conflicts, left as they are unless {@code force}. Answers an {@link ImportRollback}.
 */
public record RollbackImport(Uai uai, String importId, boolean force) implements SchoolCommand {
}
