package fr.intrascol.sync.query.intrascol;

import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountClosed;
import fr.intrascol.sync.message.event.AccountErased;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountEvent;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.AccountPasswordReset;
import fr.intrascol.sync.message.event.AccountReactivated;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.value.AccountStatus;

import java.util.Objects;

/**
 * What one account must look like on its school's IntraScol server: the fields a directory entry is
 * made of, and nothing else (no birth date, no INE). {@code passwordHash} is the stored
 * {@code {CRYPT}} hash, never a clear-text password.
 */
public record DirectoryAccount(String accountId, String uai, String login, String role, String lastName,
                               String usageName, String firstName, String classGroup, String level,
                               AccountStatus status, String passwordHash) {

    public DirectoryAccount {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(status, "status");
    }

    /** The surname shown: the usage name when there is one. */
    public String surname() {
        return usageName != null && !usageName.isBlank() ? usageName : lastName;
    }

    /** "Léa MARTIN": first name then surname. */
    public String fullName() {
        return firstName + " " + surname();
    }

    public boolean active() {
        return status == AccountStatus.ACTIVE;
    }

    /** Whether the server should hold an entry for this account at all (an erased one has none). */
    public boolean present() {
        return status != AccountStatus.ERASED;
    }

    /**
     * The account after one of its events. {@code before} is null only for the creation; any other
     * event without a known account is a projector bug and fails loudly rather than guessing.
     */
    public static DirectoryAccount evolve(DirectoryAccount before, AccountEvent event) {
        if (event instanceof AccountCreated created) {
            var name = created.personalData().name();
            return new DirectoryAccount(created.accountId().value(), created.uai().value(), created.login().value(),
                    created.role().name(), name.lastName(), name.usageName(), name.firstName(),
                    Objects.toString(created.classGroup(), null),
                    created.level() == null ? null : created.level().name(), AccountStatus.ACTIVE,
                    created.passwordHash());
        }
        if (before == null) {
            throw new IllegalStateException("Account " + event.accountId().value() + " of school "
                    + event.uai().value() + " has an event before its creation");
        }
        if (event instanceof AccountNamesCorrected corrected) {
            return before.with(corrected.to().lastName(), corrected.to().usageName(), corrected.to().firstName(),
                    before.classGroup, before.level, before.status, before.passwordHash);
        }
        if (event instanceof AccountClassChanged moved) {
            return before.with(before.lastName, before.usageName, before.firstName,
                    Objects.toString(moved.toClass(), null), moved.toLevel() == null ? null : moved.toLevel().name(),
                    before.status, before.passwordHash);
        }
        if (event instanceof AccountSuspended) {
            return before.withStatus(AccountStatus.SUSPENDED);
        }
        if (event instanceof AccountReactivated) {
            return before.withStatus(AccountStatus.ACTIVE);
        }
        if (event instanceof AccountClosed || event instanceof AccountErased) {
            return before.withStatus(AccountStatus.ERASED);
        }
        if (event instanceof AccountPasswordReset reset) {
            return before.with(before.lastName, before.usageName, before.firstName, before.classGroup, before.level,
                    before.status, reset.passwordHash());
        }
        throw new IllegalArgumentException("Unknown account event " + event.getClass().getSimpleName());
    }

    /**
     * What is kept of an erased person once their entry is gone from the server: no name, no login (the
     * state row only says that this account has no entry).
     */
    public DirectoryAccount scrubbed() {
        return new DirectoryAccount(accountId, uai, ERASED, role, ERASED, null, ERASED, classGroup, level,
                AccountStatus.ERASED, passwordHash);
    }

    private static final String ERASED = "[effacé]";

    private DirectoryAccount withStatus(AccountStatus newStatus) {
        return with(lastName, usageName, firstName, classGroup, level, newStatus, passwordHash);
    }

    private DirectoryAccount with(String newLastName, String newUsageName, String newFirstName, String newClass,
                                  String newLevel, AccountStatus newStatus, String newHash) {
        return new DirectoryAccount(accountId, uai, login, role, newLastName, newUsageName, newFirstName, newClass,
                newLevel, newStatus, newHash);
    }
}
