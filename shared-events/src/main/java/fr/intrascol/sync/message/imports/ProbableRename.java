package fr.intrascol.sync.message.imports;

import java.time.LocalDate;

/**
 * A line that matches no account but nearly matches a pupil who would otherwise leave: same birth
 * date, a small difference in the names. The director confirms it (the account is renamed and kept)
 * or rejects it (the pupil leaves and a new account is opened); nothing is applied before.
 */
public record ProbableRename(int line, String accountId, String login, String currentName, String newName,
                             LocalDate birthDate) {
}
