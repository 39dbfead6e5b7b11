package fr.intrascol.sync.command.school;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.Role;

/**
 * An account as its school's aggregate needs it to decide: immutable, replaced by each event.
 * {@code version} counts the events that touched the account (the read model counts the same way).
 */
record Account(AccountId accountId, Role role, PersonalData personalData, Login login, ClassGroup classGroup,
               Level level, AccountStatus status, long version) {

    Account withPersonalData(PersonalData data) {
        return new Account(accountId, role, data, login, classGroup, level, status, version + 1);
    }

    Account withPlacement(ClassGroup newClass, Level newLevel) {
        return new Account(accountId, role, personalData, login, newClass, newLevel, status, version + 1);
    }

    Account withStatus(AccountStatus newStatus) {
        return new Account(accountId, role, personalData, login, classGroup, level, newStatus, version + 1);
    }

    Account touched() {
        return new Account(accountId, role, personalData, login, classGroup, level, status, version + 1);
    }
}
