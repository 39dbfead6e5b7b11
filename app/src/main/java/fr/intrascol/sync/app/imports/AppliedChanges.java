package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.imports.FieldDiff;
import fr.intrascol.sync.message.imports.PlannedChange;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.ChangePage;
import fr.intrascol.sync.message.query.FindAccounts;
import fr.intrascol.sync.message.query.FindChanges;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an applied import changed, account by account, read from the audit log (the account events with
 * origin IMPORT and the import's id) in the shape of a plan's changes. Once a plan is applied its working
 * set (rows, preview) is deleted; the history of what it did stays, encrypted per person in the events
 * and readable in the audit log until a person is erased. Lines are not known there: {@code line} is null.
 */
@Component
public class AppliedChanges {

    /** An import changes at most a school's pupils a few times over. */
    static final int MAX_CHANGES = 20_000;

    private final QueryGateway queries;

    public AppliedChanges(QueryGateway queries) {
        this.queries = queries;
    }

    public List<PlannedChange> of(String uai, String importId) {
        List<ChangeEntry> entries = new ArrayList<>();
        for (int page = 0; entries.size() < MAX_CHANGES; page++) {
            ChangePage found = queries.query(new FindChanges(Set.of(uai), null, importId, null, null, page,
                    FindChanges.MAX_PAGE_SIZE), ResponseTypes.instanceOf(ChangePage.class)).join();
            entries.addAll(found.items());
            if (!found.hasMoreAfter(page, FindChanges.MAX_PAGE_SIZE)) {
                break;
            }
        }
        Collections.reverse(entries); // oldest first, as they were applied
        Map<String, AccountView> accounts = queries.query(new FindAccounts(new Uai(uai), true, null),
                        ResponseTypes.multipleInstancesOf(AccountView.class)).join().stream()
                .collect(Collectors.toMap(AccountView::accountId, Function.identity(), (a, b) -> a));
        List<PlannedChange> changes = new ArrayList<>();
        for (ChangeEntry entry : entries) {
            if (!Origin.IMPORT.name().equals(entry.origin())) {
                continue; // a rollback's compensations are listed by the rollback
            }
            ChangeKind kind = switch (entry.type()) {
                case "AccountCreated" -> ChangeKind.ARRIVAL;
                case "AccountSuspended" -> ChangeKind.DEPARTURE;
                case "AccountReactivated" -> ChangeKind.RETURN;
                case "AccountNamesCorrected" -> ChangeKind.RENAME;
                case "AccountClassChanged" -> ChangeKind.MOVE;
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            List<FieldDiff> fields = entry.changes().stream()
                    .filter(c -> !c.field().equals("password") && !c.field().equals("role"))
                    .map(c -> new FieldDiff(c.field(), c.from(), c.to())).toList();
            AccountView account = accounts.get(entry.accountId());
            String pupil = account == null ? null
                    : account.firstName() + " " + (account.usageName() != null ? account.usageName() : account.lastName());
            changes.add(new PlannedChange(kind, entry.accountId(), null, pupil, fields));
        }
        return changes;
    }
}
