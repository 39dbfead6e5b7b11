package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;

/**
 * A person's personal data was erased: their data key is destroyed, so every value encrypted under it
 * (names, birth date, INE, login, in every event, snapshot and archive) reads « [effacé] » for good. The
 * account is ERASED and its login free. Who, when, through what (MANUAL or RETENTION) and why are in the
 * metadata; this event holds no personal data.
 */
public record AccountErased(Uai uai, AccountId accountId) implements AccountEvent {
}
