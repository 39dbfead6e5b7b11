package fr.intrascol.sync.query.reports;

import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.query.accounts.AccountRepository;
import fr.intrascol.sync.query.history.AccountChangeRepository;
import fr.intrascol.sync.query.reports.FindAccountChanges.Kind;
import fr.intrascol.sync.query.reports.FindAccountChanges.Line;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Answers « what changed between two dates » from the accounts read model's past view (the same
 * {@code account_version} rows as the accounts page's « asOf »: {@link AccountRepository#findAccountsAsOf})
 * at both moments, and the history's erasures in between. Writes nothing.
 */
@Component
public class AccountChangesQueries {

    private static final Comparator<Line> ORDER = Comparator.comparing(Line::uai).thenComparing(Line::kind)
            .thenComparing(l -> Objects.toString(l.classAfter() != null ? l.classAfter() : l.classBefore(), ""))
            .thenComparing(l -> Objects.toString(l.names(), ""));

    private final AccountRepository accounts;
    private final AccountChangeRepository history;

    public AccountChangesQueries(AccountRepository accounts, AccountChangeRepository history) {
        this.accounts = accounts;
        this.history = history;
    }

    @QueryHandler
    public FindAccountChanges.Changes handle(FindAccountChanges query) {
        List<Line> lines = new ArrayList<>();
        Set<String> erased = history.erasedBetween(query.schools(), query.from(), query.to());
        for (String uai : query.schools().stream().sorted().toList()) {
            Map<String, AccountView> before = byId(accounts.findAccountsAsOf(uai, query.from()));
            Map<String, AccountView> after = byId(accounts.findAccountsAsOf(uai, query.to()));
            Set<String> ids = new java.util.LinkedHashSet<>(before.keySet());
            ids.addAll(after.keySet());
            for (String id : ids) {
                lines.addAll(compare(uai, id, before.get(id), after.get(id), erased.contains(id)));
            }
        }
        lines.sort(ORDER);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        lines.forEach(l -> counts.merge(l.kind(), 1, Integer::sum));
        boolean more = lines.size() > query.maxLines();
        return new FindAccountChanges.Changes(more ? List.copyOf(lines.subList(0, query.maxLines())) : lines, counts,
                more);
    }

    /** The lines of one account: an erasure alone, or an arrival, a departure, a move and/or a rename. */
    static List<Line> compare(String uai, String id, AccountView before, AccountView after, boolean erasedBetween) {
        boolean activeBefore = before != null && "ACTIVE".equals(before.status());
        boolean activeAfter = after != null && "ACTIVE".equals(after.status());
        AccountView shown = after != null ? after : before;
        List<Line> lines = new ArrayList<>();
        if (erasedBetween) {
            if (before != null) {
                lines.add(line(Kind.ERASURE, uai, id, shown, before, after));
            }
            return lines;
        }
        if (activeAfter && !activeBefore) {
            lines.add(line(Kind.ARRIVAL, uai, id, shown, before, after));
        } else if (activeBefore && !activeAfter) {
            lines.add(line(Kind.DEPARTURE, uai, id, shown, before, after));
        } else if (activeBefore) {
            if (!Objects.equals(before.classGroup(), after.classGroup())
                    || !Objects.equals(before.level(), after.level())) {
                lines.add(line(Kind.MOVE, uai, id, shown, before, after));
            }
            if (!names(before).equals(names(after))) {
                lines.add(line(Kind.RENAME, uai, id, shown, before, after));
            }
        }
        return lines;
    }

    private static Line line(Kind kind, String uai, String id, AccountView shown, AccountView before,
                             AccountView after) {
        return new Line(kind, uai, id, names(shown), shown.login(), before == null ? null : names(before),
                before == null ? null : before.classGroup(), before == null ? null : before.level(),
                after == null ? null : after.classGroup(), after == null ? null : after.level());
    }

    /** « DUPONT Léa », the usage name first when there is one. */
    static String names(AccountView a) {
        String last = a.usageName() != null && !a.usageName().isBlank() ? a.usageName() : a.lastName();
        return (Objects.toString(last, "") + " " + Objects.toString(a.firstName(), "")).strip();
    }

    private static Map<String, AccountView> byId(List<AccountView> views) {
        Map<String, AccountView> map = new LinkedHashMap<>();
        views.forEach(v -> map.put(v.accountId(), v));
        return map;
    }
}
