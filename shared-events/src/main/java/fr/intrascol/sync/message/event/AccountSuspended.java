package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;

/** An account was suspended: it stays, with its login reserved, but cannot be used. */
public record AccountSuspended(Uai uai, AccountId accountId) implements AccountEvent {
}
