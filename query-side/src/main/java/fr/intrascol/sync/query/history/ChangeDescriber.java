package fr.intrascol.sync.query.history;

import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountClosed;
import fr.intrascol.sync.message.event.AccountErased;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountEvent;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.AccountPasswordReset;
import fr.intrascol.sync.message.event.AccountReactivated;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.query.FieldChange;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.PersonName;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns an account event into the field-level changes a person reads in a history: which field went
 * from what to what. Passwords appear only as "set", never as a value or a hash.
 */
public final class ChangeDescriber {

    public static final String PASSWORD_SET = "(new password)";
    /** What an erased person's values read as in every history. */
    public static final String ERASED = "[effacé]";
    /** The fields that hold a person's data: erasing the person turns their values into {@link #ERASED}. */
    public static final java.util.Set<String> PERSONAL_FIELDS = java.util.Set.of("lastName", "usageName", "firstName",
            "birthDate", "ine", "login");

    private ChangeDescriber() {
    }

    public static List<FieldChange> describe(AccountEvent event) {
        List<FieldChange> changes = new ArrayList<>();
        if (event instanceof AccountCreated e) {
            PersonName name = e.personalData().name();
            add(changes, "role", null, e.role());
            add(changes, "lastName", null, name.lastName());
            add(changes, "usageName", null, name.usageName());
            add(changes, "firstName", null, name.firstName());
            add(changes, "birthDate", null, e.personalData().birthDate());
            add(changes, "ine", null, e.personalData().ine());
            add(changes, "login", null, e.login());
            add(changes, "classGroup", null, e.classGroup());
            add(changes, "level", null, e.level());
            add(changes, "status", null, AccountStatus.ACTIVE);
            add(changes, "password", null, PASSWORD_SET);
        } else if (event instanceof AccountNamesCorrected e) {
            add(changes, "lastName", e.from().lastName(), e.to().lastName());
            add(changes, "usageName", e.from().usageName(), e.to().usageName());
            add(changes, "firstName", e.from().firstName(), e.to().firstName());
        } else if (event instanceof AccountClassChanged e) {
            add(changes, "classGroup", e.fromClass(), e.toClass());
            add(changes, "level", e.fromLevel(), e.toLevel());
        } else if (event instanceof AccountSuspended) {
            add(changes, "status", AccountStatus.ACTIVE, AccountStatus.SUSPENDED);
        } else if (event instanceof AccountReactivated) {
            add(changes, "status", AccountStatus.SUSPENDED, AccountStatus.ACTIVE);
        } else if (event instanceof AccountClosed) {
            add(changes, "status", AccountStatus.SUSPENDED, AccountStatus.ERASED);
        } else if (event instanceof AccountErased) {
            add(changes, "personalData", null, ERASED);
            add(changes, "status", null, AccountStatus.ERASED);
        } else if (event instanceof AccountPasswordReset) {
            add(changes, "password", null, PASSWORD_SET);
        } else {
            throw new IllegalArgumentException("No description for " + event.getClass().getSimpleName());
        }
        return changes;
    }

    private static void add(List<FieldChange> changes, String field, Object from, Object to) {
        String fromText = from == null ? null : from.toString();
        String toText = to == null ? null : to.toString();
        if (!Objects.equals(fromText, toText)) {
            changes.add(new FieldChange(field, fromText, toText));
        }
    }
}
