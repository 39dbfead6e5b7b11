package fr.intrascol.sync.query.accounts;

import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountClosed;
import fr.intrascol.sync.message.event.AccountErased;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountEvent;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.AccountPasswordReset;
import fr.intrascol.sync.message.event.AccountReactivated;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.event.SchoolRegistered;
import fr.intrascol.sync.message.query.AccountPage;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.FindAccountPage;
import fr.intrascol.sync.message.query.FindSchoolClasses;
import fr.intrascol.sync.message.query.FindAccount;
import fr.intrascol.sync.message.query.FindAccountsSuspendedBefore;
import fr.intrascol.sync.message.query.FindAccounts;
import fr.intrascol.sync.message.query.FindSchool;
import fr.intrascol.sync.message.query.FindSchools;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.query.batch.EventPositions;
import fr.intrascol.sync.query.batch.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** The current schools and accounts: written from the events, read by the queries. */
@Component
@ProcessingGroup(AccountsProjection.PROCESSING_GROUP)
public class AccountsProjection {

    public static final String PROCESSING_GROUP = "accounts";
    private static final String BATCH = AccountsProjection.class.getName() + ".batch";

    private final AccountRepository repository;
    /** The event's own position in the store, which orders the events of one account. */
    private final EventPositions positions;

    public AccountsProjection(AccountRepository repository, EventPositions positions) {
        this.repository = repository;
        this.positions = positions;
    }

    @EventHandler
    void on(SchoolRegistered event, @Timestamp Instant at) {
        repository.insertSchool(event.uai().value(), event.name(), event.loginRules().maxLength(), at);
    }

    @EventHandler
    void on(AccountCreated event, EventMessage<?> message, TrackingToken token,
            @Timestamp Instant at) {
        PersonName name = event.personalData().name();
        AccountView account = new AccountView(event.accountId().value(), event.uai().value(), event.role().name(),
                name.lastName(), name.usageName(), name.firstName(), event.personalData().birthDate(),
                event.personalData().ine(), event.login().value(), Objects.toString(event.classGroup(), null),
                event.level() == null ? null : event.level().name(), AccountStatus.ACTIVE.name(), 1);
        batch(b -> b.create(account, positions.of(message, token), at));
    }

    @EventHandler
    void on(AccountNamesCorrected event, EventMessage<?> message, TrackingToken token,
            @Timestamp Instant at) {
        PersonName to = event.to();
        update(event, message, token, at, a -> a.withNames(to.lastName(), to.usageName(), to.firstName()));
    }

    @EventHandler
    void on(AccountClassChanged event, EventMessage<?> message, TrackingToken token,
            @Timestamp Instant at) {
        String classGroup = Objects.toString(event.toClass(), null);
        String level = event.toLevel() == null ? null : event.toLevel().name();
        update(event, message, token, at, a -> a.withPlacement(classGroup, level));
    }

    @EventHandler
    void on(AccountSuspended event, EventMessage<?> message, TrackingToken token,
            @Timestamp Instant at) {
        update(event, message, token, at, a -> a.withStatus(AccountStatus.SUSPENDED.name()));
    }

    @EventHandler
    void on(AccountReactivated event, EventMessage<?> message, TrackingToken token,
            @Timestamp Instant at) {
        update(event, message, token, at, a -> a.withStatus(AccountStatus.ACTIVE.name()));
    }

    @EventHandler
    void on(AccountClosed event, EventMessage<?> message, TrackingToken token,
            @Timestamp Instant at) {
        update(event, message, token, at, a -> a.withStatus(AccountStatus.ERASED.name()));
    }

    /** Every personal value of the account, now and in its past versions, becomes « [effacé] ». */
    @EventHandler
    void on(AccountErased event, EventMessage<?> message, TrackingToken token,
            @Timestamp Instant at) {
        batch(b -> b.erase(event.accountId().value(), positions.of(message, token), at));
    }

    /** A password reset changes no column shown, but it is a new version of the account. */
    @EventHandler
    void on(AccountPasswordReset event, EventMessage<?> message, TrackingToken token,
            @Timestamp Instant at) {
        update(event, message, token, at, UnaryOperator.identity());
    }

    private void update(AccountEvent event, EventMessage<?> message, TrackingToken token, Instant at,
                        UnaryOperator<AccountView> change) {
        batch(b -> b.update(event.accountId().value(), positions.of(message, token), at, change));
    }

    /** The accounts of the processor's batch are read together, changed in memory, written at commit. */
    private void batch(Consumer<AccountsBatch> use) {
        UnitOfWorkBatch.with(BATCH, messages -> new AccountsBatch(repository, messages.stream()
                        .map(EventMessage::getPayload)
                        .filter(AccountEvent.class::isInstance)
                        .map(p -> UUID.fromString(((AccountEvent) p).accountId().value()))
                        .collect(Collectors.toCollection(LinkedHashSet::new))),
                AccountsBatch::flush, use);
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
    public AccountPage handle(FindAccountPage query) {
        return repository.findPage(query);
    }

    @QueryHandler
    public List<String> handle(FindSchoolClasses query) {
        return repository.findClasses(query.uai().value());
    }

    @QueryHandler
    public List<AccountView> handle(FindAccountsSuspendedBefore query) {
        return repository.findSuspendedBefore(query.cutoff(), query.limit());
    }

    @QueryHandler
    public Optional<AccountView> handle(FindAccount query) {
        return repository.findAccount(query.accountId().value());
    }
}
