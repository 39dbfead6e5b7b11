package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.Uai;

/** The names of an account were corrected. The login does not change with them. */
public record AccountNamesCorrected(Uai uai, AccountId accountId, PersonName from, PersonName to)
        implements AccountEvent {
}
