package fr.intrascol.sync.message.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.PersonalSubject;

/** An event about one account of a school. Every such event raises the account's version by one. */
public interface AccountEvent extends SchoolEvent, PersonalSubject {
    AccountId accountId();

    /** Every account event's personal values belong to the account's person. */
    @Override
    @JsonIgnore
    default String personalSubject() {
        return accountId().value();
    }
}
