package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.imports.FieldRevert;
import fr.intrascol.sync.message.imports.RollbackConflict;

import java.util.List;

/**
 * What a rollback did (or, previewed, would do): how many of the import's changes it compensated, field
 * by field what it put back, and which fields it left because they were changed since.
 */
public record ImportRollback(String importId, int compensated, List<RollbackConflict> conflicts,
                             List<FieldRevert> reverts) {
}
