package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.Role;
import fr.intrascol.sync.message.value.Uai;

/**
 * Open an account by hand. The school chooses the login and generates the password; the result is
 * an {@link AccountOpened} carrying the clear password, the only time it is ever available.
 */
public record CreateAccount(Uai uai, AccountId accountId, Role role, PersonalData personalData,
                            ClassGroup classGroup, Level level) implements SchoolCommand {
}
