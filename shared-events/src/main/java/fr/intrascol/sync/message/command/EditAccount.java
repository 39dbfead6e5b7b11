package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Uai;

/**
 * Edit an account by hand. A null field is left as it is; an empty {@code usageName} or
 * {@code classGroup} removes it. Every field that differs becomes its own event, all applied
 * together or not at all.
 *
 * @param expectedVersion the account version the editor saw; when given and the account has changed
 *                        since, the edit is refused rather than silently overwriting the other change
 */
public record EditAccount(Uai uai, AccountId accountId, Long expectedVersion, String lastName, String usageName,
                          String firstName, String classGroup, Level level, AccountStatus status)
        implements SchoolCommand {
}
