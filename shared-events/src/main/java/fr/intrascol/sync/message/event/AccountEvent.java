package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.AccountId;

/** An event about one account of a school. Every such event raises the account's version by one. */
public interface AccountEvent extends SchoolEvent {
    AccountId accountId();
}
