package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.AccountId;

/** Every change of one account, oldest first. Answers a list of {@link ChangeEntry}. */
public record FindAccountHistory(AccountId accountId) {
}
