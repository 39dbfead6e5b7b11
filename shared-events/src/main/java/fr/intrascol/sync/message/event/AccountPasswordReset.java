package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;

/** An account received a new password; only its hash is recorded. */
public record AccountPasswordReset(Uai uai, AccountId accountId, String passwordHash) implements AccountEvent {
}
