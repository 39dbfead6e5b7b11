package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.AccountId;

/** One account, or null when unknown. Answers {@link AccountView}. */
public record FindAccount(AccountId accountId) {
}
