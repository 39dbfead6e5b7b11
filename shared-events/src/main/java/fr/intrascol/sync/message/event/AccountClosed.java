package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;

/**
 * An account opened by an import that was rolled back is closed (status ERASED): it stays in the
 * history, leaves the current accounts, and its login is free again.
 */
public record AccountClosed(Uai uai, AccountId accountId) implements AccountEvent {
}
