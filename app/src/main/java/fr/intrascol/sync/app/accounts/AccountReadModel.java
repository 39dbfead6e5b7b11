package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.axon.ReadModelFence;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.app.web.UnknownSchoolException;
import fr.intrascol.sync.message.query.AccountPage;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.FindAccountPage;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.FindAccount;
import fr.intrascol.sync.message.query.FindAccountHistory;
import fr.intrascol.sync.message.query.FindAccounts;
import fr.intrascol.sync.message.query.FindSchool;
import fr.intrascol.sync.message.query.FindSchoolClasses;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The query side as the web layer sees it: typed queries over the query bus, and read-your-writes.
 * Projections follow the event store asynchronously; after a change, the answer waits (a bounded time)
 * until the read models show it, so that the person who made a change sees it at once: until they have
 * processed the school's last event ({@link ReadModelFence}), the one wait of every write.
 */
@Component
public class AccountReadModel {

    private final QueryGateway queries;
    private final ReadModelFence fence;

    public AccountReadModel(QueryGateway queries, ReadModelFence fence) {
        this.queries = queries;
        this.fence = fence;
    }

    public Optional<SchoolView> school(Uai uai) {
        return queries.query(new FindSchool(uai), ResponseTypes.optionalInstanceOf(SchoolView.class)).join();
    }

    public SchoolView requireSchool(Uai uai) {
        return school(uai).orElseThrow(() -> new UnknownSchoolException(uai));
    }

    public List<AccountView> accounts(Uai uai, boolean includeErased, Instant asOf) {
        return queries.query(new FindAccounts(uai, includeErased, asOf),
                ResponseTypes.multipleInstancesOf(AccountView.class)).join();
    }

    /** One page of a school's accounts, searched and filtered by the read model. */
    public AccountPage page(FindAccountPage query) {
        return queries.query(query, ResponseTypes.instanceOf(AccountPage.class)).join();
    }

    /** The classes of the school's open accounts, in school order. */
    public List<String> classes(Uai uai) {
        return queries.query(new FindSchoolClasses(uai), ResponseTypes.multipleInstancesOf(String.class)).join();
    }

    public Optional<AccountView> account(AccountId id) {
        return queries.query(new FindAccount(id), ResponseTypes.optionalInstanceOf(AccountView.class)).join();
    }

    public AccountView requireAccount(AccountId id) {
        return account(id).orElseThrow(() -> new NotFoundException("Account " + id + " does not exist."));
    }

    public List<ChangeEntry> history(AccountId id) {
        return queries.query(new FindAccountHistory(id), ResponseTypes.multipleInstancesOf(ChangeEntry.class)).join();
    }

    /**
     * Waits until the read models have processed the school's last event (call it right after the
     * school's command returned), then reads the account: empty when it is not at {@code version} yet
     * (they were late) or does not exist.
     */
    public Optional<AccountView> awaitAccount(Uai uai, AccountId id, long version) {
        fence.awaitSchool(uai);
        return account(id).filter(a -> a.version() >= version);
    }

    /**
     * Waits until the read models have processed the school's last event (its registration: call it right
     * after the command returned), then reads the school; empty when it does not show yet.
     */
    public Optional<SchoolView> awaitSchool(Uai uai) {
        fence.awaitSchool(uai);
        return school(uai);
    }
}
