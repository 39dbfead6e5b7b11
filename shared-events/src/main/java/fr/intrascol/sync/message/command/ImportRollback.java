package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.imports.RollbackConflict;

import java.util.List;

/** What a rollback did: how many changes it compensated, and which it left because of later changes. */
public record ImportRollback(String importId, int compensated, List<RollbackConflict> conflicts) {
}
