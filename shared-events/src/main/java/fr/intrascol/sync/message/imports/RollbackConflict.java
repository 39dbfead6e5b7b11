package fr.intrascol.sync.message.imports;

/**
 * A field an import changed that a rollback did not revert (or, forced, reverted anyway), because it
 * was changed again after the import (by hand, or by a later import). {@code change} is the import's
 * change (ARRIVAL, MOVE...), {@code field} the field changed since (lastName, classGroup, status...).
 */
public record RollbackConflict(String accountId, String login, ChangeKind change, String field, String message) {
}
