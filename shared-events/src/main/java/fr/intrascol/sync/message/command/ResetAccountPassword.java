package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;

/** Give an account a new generated password; answers a {@link NewPassword}. */
public record ResetAccountPassword(Uai uai, AccountId accountId, Long expectedVersion) implements SchoolCommand {
}
