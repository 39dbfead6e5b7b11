package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.AccountId;

/** What {@link EditAccount} answers: the account's version after the edit and how many changes it made. */
public record AccountEdited(AccountId accountId, long version, int changes) {
}
