package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Role;

import java.util.Arrays;
import java.util.Locale;

/**
 * The JSON bodies of the account endpoints, kept as text so that a wrong value gets a message naming
 * the field and the expected form rather than a parser error.
 */
final class AccountRequests {

    private AccountRequests() {
    }

    record NewAccount(String role, String lastName, String usageName, String firstName, String birthDate,
                      String ine, String classGroup, String level, String reason) {
    }

    record AccountPatch(String lastName, String usageName, String firstName, String classGroup, String level,
                        String status, String reason, Long version) {
    }

    record PasswordResetRequest(String reason, Long version) {
    }

    static Role role(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException("role", "The role is required: PUPIL, TEACHER or STAFF.");
        }
        return parse(Role.class, "role", text);
    }

    static Level level(String text) {
        return text == null || text.isBlank() ? null : parse(Level.class, "level", text);
    }

    static AccountStatus status(String text) {
        return text == null || text.isBlank() ? null : parse(AccountStatus.class, "status", text);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field, "'" + text + "' is not a valid " + field + ": expected one of "
                    + Arrays.toString(type.getEnumConstants()) + ".");
        }
    }
}
