package fr.intrascol.sync.message.query;

import java.time.LocalDate;

/**
 * An account as it is now. {@code version} counts the events that changed the account; an editor
 * sends it back to be told when someone else changed the account in between.
 */
public record AccountView(String accountId, String uai, String role, String lastName, String usageName,
                          String firstName, LocalDate birthDate, String ine, String login, String classGroup,
                          String level, String status, long version) {

    public AccountView withNames(String lastName, String usageName, String firstName) {
        return new AccountView(accountId, uai, role, lastName, usageName, firstName, birthDate, ine, login, classGroup,
                level, status, version);
    }

    public AccountView withPlacement(String classGroup, String level) {
        return new AccountView(accountId, uai, role, lastName, usageName, firstName, birthDate, ine, login, classGroup,
                level, status, version);
    }

    public AccountView withStatus(String status) {
        return new AccountView(accountId, uai, role, lastName, usageName, firstName, birthDate, ine, login, classGroup,
                level, status, version);
    }

    /** The account of an erased person: every personal value « [effacé] » or empty, status ERASED. */
    public AccountView erased() {
        return new AccountView(accountId, uai, role, ERASED, null, ERASED, null, null, ERASED, classGroup, level,
                "ERASED", version);
    }

    /** What an erased person's names and login read as. */
    public static final String ERASED = "[effacé]";

    public AccountView withVersion(long version) {
        return new AccountView(accountId, uai, role, lastName, usageName, firstName, birthDate, ine, login, classGroup,
                level, status, version);
    }
}
