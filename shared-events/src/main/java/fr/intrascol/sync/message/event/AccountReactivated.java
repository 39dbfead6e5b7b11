package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;

/** A suspended account became active again. */
public record AccountReactivated(Uai uai, AccountId accountId) implements AccountEvent {
}
