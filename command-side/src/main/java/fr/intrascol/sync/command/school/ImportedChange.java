package fr.intrascol.sync.command.school;

import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalSubject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One account change an import made, with what it replaced, so that a rollback can put it back, and
 * what the account looked like right after it ({@code after*}): a field that no longer holds the
 * import's value was changed since, and putting it back would undo someone's work. A password reset
 * does not count: it changes none of these.
 */
record ImportedChange(AccountId accountId, ChangeKind kind, PersonName fromName, ClassGroup fromClass,
                      Level fromLevel, PersonName afterName, ClassGroup afterClass, Level afterLevel,
                      AccountStatus afterStatus) implements PersonalSubject {

    /** In a snapshot, the names this change replaced and set are sealed under the account's person's key. */
    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String personalSubject() {
        return accountId.value();
    }

    /** The same change, its names erased. */
    ImportedChange erased() {
        return new ImportedChange(accountId, kind, fromName == null ? null : PersonName.ERASED, fromClass, fromLevel,
                afterName == null ? null : PersonName.ERASED, afterClass, afterLevel, afterStatus);
    }

    /** One field the change set: the value it replaced and the value it set, as text (null: none). */
    record FieldValue(String field, String before, String after) {
    }

    /** The fields this change set; an arrival set them all. */
    List<FieldValue> fields() {
        List<FieldValue> fields = new ArrayList<>();
        switch (kind) {
            case ARRIVAL -> {
                fields.add(new FieldValue("lastName", null, afterName.lastName()));
                fields.add(new FieldValue("usageName", null, afterName.usageName()));
                fields.add(new FieldValue("firstName", null, afterName.firstName()));
                fields.add(new FieldValue("classGroup", null, text(afterClass)));
                fields.add(new FieldValue("level", null, text(afterLevel)));
                fields.add(new FieldValue("status", null, text(afterStatus)));
            }
            case DEPARTURE -> fields.add(new FieldValue("status", AccountStatus.ACTIVE.name(), text(afterStatus)));
            case RETURN -> fields.add(new FieldValue("status", AccountStatus.SUSPENDED.name(), text(afterStatus)));
            case RENAME, ACCENTS -> {
                name(fields, "lastName", fromName.lastName(), afterName.lastName());
                name(fields, "usageName", fromName.usageName(), afterName.usageName());
                name(fields, "firstName", fromName.firstName(), afterName.firstName());
            }
            case MOVE -> {
                name(fields, "classGroup", text(fromClass), text(afterClass));
                name(fields, "level", text(fromLevel), text(afterLevel));
            }
        }
        return fields;
    }

    /** An account's present value of a field, as text. */
    static String valueOf(Account account, String field) {
        PersonName name = account.personalData().name();
        return switch (field) {
            case "lastName" -> name.lastName();
            case "usageName" -> name.usageName();
            case "firstName" -> name.firstName();
            case "classGroup" -> text(account.classGroup());
            case "level" -> text(account.level());
            case "status" -> text(account.status());
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static void name(List<FieldValue> fields, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            fields.add(new FieldValue(field, before, after));
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
