package fr.intrascol.sync.command.school;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import fr.intrascol.sync.command.login.LoginPolicy;
import fr.intrascol.sync.command.password.PasswordPolicy;
import fr.intrascol.sync.message.command.AccountEdited;
import fr.intrascol.sync.message.command.AccountOpened;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.CommandRejectedException.Kind;
import fr.intrascol.sync.message.command.CreateAccount;
import fr.intrascol.sync.message.command.EditAccount;
import fr.intrascol.sync.message.command.NewPassword;
import fr.intrascol.sync.message.command.RegisterSchool;
import fr.intrascol.sync.message.command.ResetAccountPassword;
import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.AccountPasswordReset;
import fr.intrascol.sync.message.event.AccountReactivated;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.event.SchoolRegistered;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.Role;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One school and its accounts: the consistency boundary. Logins are unique inside it, a person is
 * not opened twice, and an edit made on an outdated view is refused. Command handlers decide and
 * apply events; event-sourcing handlers only change state.
 */
@Aggregate(snapshotTriggerDefinition = "schoolSnapshotTrigger",
        commandTargetResolver = "schoolCommandTargetResolver")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class School {

    public static final int NAME_MAX_LENGTH = 200;

    @AggregateIdentifier
    @JsonProperty
    private Uai uai;
    @JsonProperty
    private String name;
    @JsonProperty
    private LoginRules loginRules;
    /** Accounts by id, in creation order. */
    @JsonProperty
    private Map<String, Account> accounts = new LinkedHashMap<>();
    /** Every login ever given in this school: a login stays reserved while its account exists. */
    @JsonProperty
    private Set<String> logins = new HashSet<>();

    protected School() {
        // for Axon and snapshots
    }

    @CommandHandler
    public School(RegisterSchool command) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > NAME_MAX_LENGTH) {
            throw new CommandRejectedException(Kind.INVALID,
                    "The school name is required (at most " + NAME_MAX_LENGTH + " characters).");
        }
        LoginRules rules = command.loginRules() != null ? command.loginRules() : LoginRules.defaults();
        apply(new SchoolRegistered(command.uai(), name, rules));
    }

    @CommandHandler
    public AccountOpened handle(CreateAccount command, PasswordPolicy passwords) {
        if (accounts.containsKey(command.accountId().value())) {
            throw new CommandRejectedException(Kind.CONFLICT, "Account " + command.accountId() + " already exists.");
        }
        checkPlacement(command.role(), command.personalData(), command.level());
        rejectSamePerson(command.personalData());
        var login = new LoginPolicy(loginRules).propose(command.personalData().name(), logins::contains);
        String password = passwords.generate();
        apply(new AccountCreated(uai, command.accountId(), command.role(), command.personalData(), login,
                passwords.hash(password), command.classGroup(), command.level()));
        return new AccountOpened(command.accountId(), login, password, accounts.get(command.accountId().value()).version());
    }

    @CommandHandler
    public AccountEdited handle(EditAccount command) {
        Account account = editable(command.accountId().value(), command.expectedVersion());
        int changes = 0;
        PersonName current = account.personalData().name();
        PersonName names = new PersonName(
                command.lastName() != null ? command.lastName() : current.lastName(),
                command.usageName() != null ? command.usageName() : current.usageName(),
                command.firstName() != null ? command.firstName() : current.firstName());
        if (!names.equals(current)) {
            apply(new AccountNamesCorrected(uai, account.accountId(), current, names));
            changes++;
        }
        ClassGroup newClass = command.classGroup() == null ? account.classGroup()
                : ClassGroup.ofNullable(command.classGroup());
        Level newLevel = command.level() != null ? command.level() : account.level();
        if (!Objects.equals(newClass, account.classGroup()) || !Objects.equals(newLevel, account.level())) {
            checkPlacement(account.role(), account.personalData(), newLevel);
            apply(new AccountClassChanged(uai, account.accountId(), account.classGroup(), account.level(),
                    newClass, newLevel));
            changes++;
        }
        AccountStatus status = command.status();
        if (status == AccountStatus.ERASED) {
            throw new CommandRejectedException(Kind.INVALID,
                    "An account cannot be erased by hand: suspend it; the retention rule erases it later.");
        }
        if (status != null && status != account.status()) {
            apply(status == AccountStatus.SUSPENDED
                    ? new AccountSuspended(uai, account.accountId())
                    : new AccountReactivated(uai, account.accountId()));
            changes++;
        }
        return new AccountEdited(account.accountId(), accounts.get(command.accountId().value()).version(), changes);
    }

    @CommandHandler
    public NewPassword handle(ResetAccountPassword command, PasswordPolicy passwords) {
        Account account = editable(command.accountId().value(), command.expectedVersion());
        String password = passwords.generate();
        apply(new AccountPasswordReset(uai, account.accountId(), passwords.hash(password)));
        return new NewPassword(account.accountId(), password, accounts.get(command.accountId().value()).version());
    }

    private Account editable(String accountId, Long expectedVersion) {
        Account account = accounts.get(accountId);
        if (account == null) {
            throw new CommandRejectedException(Kind.NOT_FOUND,
                    "Account " + accountId + " does not exist in school " + uai + ".");
        }
        if (expectedVersion != null && expectedVersion != account.version()) {
            throw new CommandRejectedException(Kind.STALE, "Someone else changed this account (login "
                    + account.login() + ") since you opened it: you saw version " + expectedVersion
                    + ", it is now at version " + account.version()
                    + ". Reload the account, check the other change, then make yours again.");
        }
        if (account.status() == AccountStatus.ERASED) {
            throw new CommandRejectedException(Kind.INVALID, "Account " + account.login() + " was erased.");
        }
        return account;
    }

    private static void checkPlacement(Role role, PersonalData person, Level level) {
        if (role == Role.PUPIL) {
            if (person.birthDate() == null) {
                throw new CommandRejectedException(Kind.INVALID, "A pupil needs a birth date (birthDate, yyyy-MM-dd).");
            }
            if (level == null) {
                throw new CommandRejectedException(Kind.INVALID, "A pupil needs a level (level: TPS, PS, MS, GS, CP, CE1, CE2, CM1 or CM2).");
            }
        } else if (level != null) {
            throw new CommandRejectedException(Kind.INVALID, "Only pupils have a level; leave it empty for adults.");
        }
        if (role != Role.PUPIL && person.ine() != null) {
            throw new CommandRejectedException(Kind.INVALID, "Only pupils have an INE; leave it empty for adults.");
        }
    }

    /**
     * The same person is not opened twice: same INE, or same surname, first name and birth date. Adults
     * opened without a birth date are not compared: two staff members may share a name.
     */
    private void rejectSamePerson(PersonalData person) {
        for (Account existing : accounts.values()) {
            if (existing.status() == AccountStatus.ERASED) {
                continue;
            }
            PersonalData other = existing.personalData();
            boolean sameIne = person.ine() != null && person.ine().equals(other.ine());
            boolean sameIdentity = person.birthDate() != null && person.birthDate().equals(other.birthDate())
                    && LoginPolicy.fold(person.name().lastName()).equals(LoginPolicy.fold(other.name().lastName()))
                    && LoginPolicy.fold(person.name().firstName()).equals(LoginPolicy.fold(other.name().firstName()));
            if (sameIne || sameIdentity) {
                throw new CommandRejectedException(Kind.CONFLICT, "This person already has an account in this school"
                        + " (login " + existing.login() + ", " + existing.status().name().toLowerCase()
                        + (sameIne ? ", same INE" : ", same names and birth date")
                        + "). Edit or reactivate that account instead of opening a second one.");
            }
        }
    }

    @EventSourcingHandler
    void on(SchoolRegistered event) {
        this.uai = event.uai();
        this.name = event.name();
        this.loginRules = event.loginRules();
    }

    @EventSourcingHandler
    void on(AccountCreated event) {
        accounts.put(event.accountId().value(), new Account(event.accountId(), event.role(), event.personalData(),
                event.login(), event.classGroup(), event.level(), AccountStatus.ACTIVE, 1));
        logins.add(event.login().value());
    }

    @EventSourcingHandler
    void on(AccountNamesCorrected event) {
        accounts.computeIfPresent(event.accountId().value(),
                (id, a) -> a.withPersonalData(a.personalData().withName(event.to())));
    }

    @EventSourcingHandler
    void on(AccountClassChanged event) {
        accounts.computeIfPresent(event.accountId().value(), (id, a) -> a.withPlacement(event.toClass(), event.toLevel()));
    }

    @EventSourcingHandler
    void on(AccountSuspended event) {
        accounts.computeIfPresent(event.accountId().value(), (id, a) -> a.withStatus(AccountStatus.SUSPENDED));
    }

    @EventSourcingHandler
    void on(AccountReactivated event) {
        accounts.computeIfPresent(event.accountId().value(), (id, a) -> a.withStatus(AccountStatus.ACTIVE));
    }

    @EventSourcingHandler
    void on(AccountPasswordReset event) {
        accounts.computeIfPresent(event.accountId().value(), (id, a) -> a.touched());
    }
}
