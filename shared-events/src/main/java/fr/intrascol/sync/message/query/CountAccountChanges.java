package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.AccountId;

/** How many entries an account's history has (one per account event). Answers a {@link Long}. */
public record CountAccountChanges(AccountId accountId) {
}
