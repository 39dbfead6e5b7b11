package fr.intrascol.sync.command.school;

import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PersonName;

/**
 * One account change an import made, with what it replaced, so that a rollback can put it back.
 * {@code versionAfter} is the account's version right after the change: if the account has moved on
 * since, a later change touched it and reverting would undo someone else's work.
 */
record ImportedChange(AccountId accountId, ChangeKind kind, PersonName fromName, ClassGroup fromClass,
                      Level fromLevel, long versionAfter) {
}
