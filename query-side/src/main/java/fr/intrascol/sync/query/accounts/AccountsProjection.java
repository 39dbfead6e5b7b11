package fr.intrascol.sync.query.accounts;

import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountClosed;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.AccountPasswordReset;
import fr.intrascol.sync.message.event.AccountReactivated;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.event.SchoolRegistered;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.FindAccount;
import fr.intrascol.sync.message.query.FindAccounts;
import fr.intrascol.sync.message.query.FindSchool;
import fr.intrascol.sync.message.query.FindSchools;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.PersonName;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The current schools and accounts: written from the events, read by the queries. */
@Component
@ProcessingGroup(AccountsProjection.PROCESSING_GROUP)
public class AccountsProjection {

    public static final String PROCESSING_GROUP = "accounts";

    private final AccountRepository repository;

    public AccountsProjection(AccountRepository repository) {
        this.repository = repository;
    }

    @EventHandler
    void on(SchoolRegistered event, @Timestamp Instant at) {
        repository.insertSchool(event.uai().value(), event.name(), event.loginRules().maxLength(), at);
    }

    @EventHandler
    void on(AccountCreated event, TrackingToken token, @Timestamp Instant at) {
        PersonName name = event.personalData().name();
        repository.insertAccount(new AccountView(event.accountId().value(), event.uai().value(), event.role().name(),
                name.lastName(), name.usageName(), name.firstName(), event.personalData().birthDate(),
                event.personalData().ine(), event.login().value(), Objects.toString(event.classGroup(), null),
                event.level() == null ? null : event.level().name(), AccountStatus.ACTIVE.name(), 1), index(token), at);
    }

    @EventHandler
    void on(AccountNamesCorrected event, TrackingToken token, @Timestamp Instant at) {
        PersonName to = event.to();
        repository.updateNames(event.accountId().value(), to.lastName(), to.usageName(), to.firstName(), index(token), at);
    }

    @EventHandler
    void on(AccountClassChanged event, TrackingToken token, @Timestamp Instant at) {
        repository.updatePlacement(event.accountId().value(), Objects.toString(event.toClass(), null),
                event.toLevel() == null ? null : event.toLevel().name(), index(token), at);
    }

    @EventHandler
    void on(AccountSuspended event, TrackingToken token, @Timestamp Instant at) {
        repository.updateStatus(event.accountId().value(), AccountStatus.SUSPENDED.name(), index(token), at);
    }

    @EventHandler
    void on(AccountReactivated event, TrackingToken token, @Timestamp Instant at) {
        repository.updateStatus(event.accountId().value(), AccountStatus.ACTIVE.name(), index(token), at);
    }

    @EventHandler
    void on(AccountClosed event, TrackingToken token, @Timestamp Instant at) {
        repository.updateStatus(event.accountId().value(), AccountStatus.ERASED.name(), index(token), at);
    }

    @EventHandler
    void on(AccountPasswordReset event, TrackingToken token, @Timestamp Instant at) {
        repository.touch(event.accountId().value(), index(token), at);
    }

    /** The event's position in the store, which orders the events of one account. */
    static long index(TrackingToken token) {
        return token.position().orElseThrow(
                () -> new IllegalStateException("The accounts projection needs a tracking processor with positions"));
    }

    @ResetHandler
    void reset() {
        repository.deleteAll();
    }

    @QueryHandler
    public Optional<SchoolView> handle(FindSchool query) {
        return repository.findSchool(query.uai().value());
    }

    @QueryHandler
    public List<SchoolView> handle(FindSchools query) {
        return repository.findSchools();
    }

    @QueryHandler
    public List<AccountView> handle(FindAccounts query) {
        return query.asOf() != null ? repository.findAccountsAsOf(query.uai().value(), query.asOf())
                : repository.findAccounts(query.uai().value(), query.includeErased());
    }

    @QueryHandler
    public Optional<AccountView> handle(FindAccount query) {
        return repository.findAccount(query.accountId().value());
    }
}
