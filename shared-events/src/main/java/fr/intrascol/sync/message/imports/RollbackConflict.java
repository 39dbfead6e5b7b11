package fr.intrascol.sync.message.imports;

/**
 * A change of an import that a rollback did not revert, because the account was changed again after
 * the import (by hand, or by a later import). {@code change} is the import's change (ARRIVAL, MOVE...).
 */
public record RollbackConflict(String accountId, String login, ChangeKind change, String message) {
}
