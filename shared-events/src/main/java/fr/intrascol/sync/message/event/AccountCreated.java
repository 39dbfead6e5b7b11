package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.Role;
import fr.intrascol.sync.message.value.Uai;

/**
 * An account was opened, active. {@code passwordHash} is the only form in which a password is ever
 * stored: an LDAP-ready {CRYPT} SHA-512 hash.
 */
public record AccountCreated(Uai uai, AccountId accountId, Role role, PersonalData personalData, Login login,
                             String passwordHash, ClassGroup classGroup, Level level) implements AccountEvent {
}
