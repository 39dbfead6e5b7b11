package fr.intrascol.sync.query.reports;

import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.FindChanges;
import fr.intrascol.sync.message.query.FindHistoryReport;
import fr.intrascol.sync.message.query.FindHistoryReport.ActivePoint;
import fr.intrascol.sync.message.query.FindHistoryReport.HistoryReport;
import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;
import fr.intrascol.sync.query.history.AccountChangeRepository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the inspector's history report from the history and temporal accounts read models; it
 * writes nothing, so it has no events to follow.
 */
@Component
public class HistoryReportQueries {

    /** A report lists every change of its period, up to this many (a school has a few thousand a year). */
    public static final int MAX_CHANGES = 100_000;

    private final AccountChangeRepository changes;
    private final JdbcClient jdbc;

    public HistoryReportQueries(AccountChangeRepository changes, JdbcClient jdbc) {
        this.changes = changes;
        this.jdbc = jdbc;
    }

    @QueryHandler
    public HistoryReport handle(FindHistoryReport query) {
        List<ChangeEntry> entries = new ArrayList<>(changes.find(new FindChanges(query.schools(), null, null,
                query.from(), query.to(), 0, FindChanges.MAX_PAGE_SIZE)).items());
        for (int page = 1; entries.size() == page * FindChanges.MAX_PAGE_SIZE && entries.size() < MAX_CHANGES; page++) {
            entries.addAll(changes.find(new FindChanges(query.schools(), null, null, query.from(), query.to(), page,
                    FindChanges.MAX_PAGE_SIZE)).items());
        }
        entries.sort((a, b) -> Long.compare(a.index(), b.index()));
        Map<String, String[]> labels = new HashMap<>();
        if (!entries.isEmpty()) {
            jdbc.sql("SELECT account_id, login, first_name, coalesce(usage_name, last_name) AS name FROM account"
                            + " WHERE uai = ANY (?)")
                    .param(query.schools().toArray(String[]::new))
                    .query(rs -> {
                        labels.put(rs.getString(1), new String[]{rs.getString(2),
                                rs.getString(3) + " " + rs.getString(4)});
                    });
        }
        List<ReportChange> report = entries.stream().map(e -> {
            String[] label = labels.getOrDefault(e.accountId(), new String[]{null, e.accountId()});
            return new ReportChange(e, label[0], label[1]);
        }).toList();
        return new HistoryReport(report, activeAccounts(query));
    }

    /** Daily points over two months or less, weekly over a year or less, monthly beyond. */
    private List<ActivePoint> activeAccounts(FindHistoryReport query) {
        Duration length = Duration.between(query.from(), query.to());
        Duration step = length.toDays() <= 62 ? Duration.ofDays(1) : length.toDays() <= 400 ? Duration.ofDays(7)
                : Duration.ofDays(30);
        List<ActivePoint> points = new ArrayList<>();
        String[] schools = query.schools().toArray(String[]::new);
        for (Instant at = query.from(); !at.isAfter(query.to()); at = at.plus(step)) {
            points.add(new ActivePoint(at, count(schools, at)));
        }
        if (points.isEmpty() || !points.get(points.size() - 1).at().equals(query.to())) {
            points.add(new ActivePoint(query.to(), count(schools, query.to())));
        }
        return points;
    }

    private long count(String[] schools, Instant at) {
        return jdbc.sql("""
                SELECT count(*) FROM account_version
                WHERE uai = ANY (?) AND status = 'ACTIVE' AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)""")
                .params(schools, Timestamp.from(at), Timestamp.from(at)).query(Long.class).single();
    }

}
