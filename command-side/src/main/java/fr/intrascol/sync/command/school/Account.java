package fr.intrascol.sync.command.school;

import fr.intrascol.sync.message.imports.ManualChange;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.PersonalSubject;
import fr.intrascol.sync.message.value.Role;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * An account as its school's aggregate needs it to decide: immutable, replaced by each event.
 * {@code version} counts the events that touched the account (the read model counts the same way).
 * {@code manual} holds the fields whose present value a person set by hand and no import set since
 * (by field name: lastName, usageName, firstName, classGroup, level, status).
 */
record Account(AccountId accountId, Role role, PersonalData personalData, Login login, ClassGroup classGroup,
               Level level, AccountStatus status, long version, Map<String, ManualChange> manual)
        implements PersonalSubject {

    /** In a snapshot, the account's names, birth date, INE and login are sealed under its person's key. */
    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String personalSubject() {
        return accountId.value();
    }

    Account {
        manual = manual == null ? Map.of() : Map.copyOf(manual);
    }

    Account(AccountId accountId, Role role, PersonalData personalData, Login login, ClassGroup classGroup,
            Level level, AccountStatus status, long version) {
        this(accountId, role, personalData, login, classGroup, level, status, version, Map.of());
    }

    Account withPersonalData(PersonalData data) {
        return new Account(accountId, role, data, login, classGroup, level, status, version + 1, manual);
    }

    Account withPlacement(ClassGroup newClass, Level newLevel) {
        return new Account(accountId, role, personalData, login, newClass, newLevel, status, version + 1, manual);
    }

    Account withStatus(AccountStatus newStatus) {
        return new Account(accountId, role, personalData, login, classGroup, level, newStatus, version + 1, manual);
    }

    /** The account of an erased person: no personal value left, login free, status ERASED. */
    Account erased() {
        return new Account(accountId, role, PersonalData.ERASED, Login.ERASED, classGroup, level, AccountStatus.ERASED,
                version + 1, Map.of());
    }

    Account touched() {
        return new Account(accountId, role, personalData, login, classGroup, level, status, version + 1, manual);
    }

    /**
     * The same account with {@code fields} marked as set by hand ({@code mark} not null) or as set by
     * anything else (an import, a rollback: {@code mark} null).
     */
    Account withProvenance(Collection<String> fields, ManualChange mark) {
        if (fields.isEmpty()) {
            return this;
        }
        Map<String, ManualChange> marks = new HashMap<>(manual);
        for (String field : fields) {
            if (mark == null) {
                marks.remove(field);
            } else {
                marks.put(field, new ManualChange(field, mark.by(), mark.at(), mark.reason()));
            }
        }
        return new Account(accountId, role, personalData, login, classGroup, level, status, version, marks);
    }
}
