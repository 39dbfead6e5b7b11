package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;

/**
 * Erase a person: the school checks it may (an active account only with {@code force}) and records
 * {@code AccountErased}; destroying the person's data key is done in the same transaction by the
 * handler's caller. Answers nothing.
 */
public record EraseAccount(Uai uai, AccountId accountId, boolean force) implements SchoolCommand {
}
