package fr.intrascol.sync.message.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.Role;
import fr.intrascol.sync.message.value.Uai;

/**
 * An account was opened, active. {@code passwordHash} is the only form in which a password is ever
 * stored: an LDAP-ready {CRYPT} SHA-512 hash. {@code origin} and {@code importId} say which kind of
 * operation opened it and which import, when one did, so that the school can rebuild its import ledger
 * from the event alone; events stored before they were carried here have them null (their metadata says).
 */
public record AccountCreated(Uai uai, AccountId accountId, Role role, PersonalData personalData, Login login,
                             String passwordHash, ClassGroup classGroup, Level level,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Origin origin,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String importId) implements AccountEvent {

    /** Without origin nor import, as events stored before they were carried here. */
    public AccountCreated(Uai uai, AccountId accountId, Role role, PersonalData personalData, Login login,
                          String passwordHash, ClassGroup classGroup, Level level) {
        this(uai, accountId, role, personalData, login, passwordHash, classGroup, level, null, null);
    }
}
