package fr.intrascol.sync.message.query;

import java.time.LocalDate;

/**
 * An account as it is now. {@code version} counts the events that changed the account; an editor
 * sends it back to be told when someone else changed the account in between.
 */
public record AccountView(String accountId, String uai, String role, String lastName, String usageName,
                          String firstName, LocalDate birthDate, String ine, String login, String classGroup,
                          String level, String status, long version) {
}
