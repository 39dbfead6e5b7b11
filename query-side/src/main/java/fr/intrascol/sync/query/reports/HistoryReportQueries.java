package fr.intrascol.sync.query.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.FieldChange;
import fr.intrascol.sync.message.query.FindChanges;
import fr.intrascol.sync.message.query.FindHistoryReport;
import fr.intrascol.sync.message.query.FindHistoryReport.ActivePoint;
import fr.intrascol.sync.message.query.FindHistoryReport.HistoryReport;
import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;
import fr.intrascol.sync.query.history.AccountChangeRepository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Detailed changes are read this many at a time. */
    static final int BATCH = 500;

    @QueryHandler
    public FindReportSummary.Summary handle(FindReportSummary query) {
        String[] schools = query.schools().toArray(String[]::new);
        List<FindReportSummary.MonthCounts> months = new ArrayList<>();
        long[] total = {0};
        // An import's change is undone when a rollback of that import compensated the same account since.
        jdbc.sql("""
                SELECT to_char(c.at AT TIME ZONE ?, 'YYYY-MM') AS month,
                       count(*) FILTER (WHERE kept AND type IN ('AccountCreated', 'AccountReactivated')),
                       count(*) FILTER (WHERE kept AND type = 'AccountSuspended'),
                       count(*) FILTER (WHERE kept AND type = 'AccountClassChanged'),
                       count(*) FILTER (WHERE kept AND type = 'AccountNamesCorrected'),
                       count(*) FILTER (WHERE origin = 'MANUAL'),
                       count(*) FILTER (WHERE origin = 'ROLLBACK'),
                       count(*) FILTER (WHERE origin = 'IMPORT' AND NOT kept),
                       count(*)
                FROM (SELECT c.at, c.type, c.origin,
                             c.origin = 'IMPORT' AND NOT EXISTS (
                                 SELECT 1 FROM account_change r
                                 WHERE r.import_id = c.import_id AND r.account_id = c.account_id
                                   AND r.origin = 'ROLLBACK') AS kept
                      FROM account_change c WHERE c.uai = ANY (?) AND c.at >= ? AND c.at < ?) c
                GROUP BY 1 ORDER BY 1""")
                .params(query.zone().getId(), schools, Timestamp.from(query.from()), Timestamp.from(query.to()))
                .query(rs -> {
                    int arrivals = rs.getInt(2);
                    int departures = rs.getInt(3);
                    int moves = rs.getInt(4);
                    int renames = rs.getInt(5);
                    int manual = rs.getInt(6);
                    int rollbacks = rs.getInt(7);
                    int undone = rs.getInt(8);
                    int all = rs.getInt(9);
                    months.add(new FindReportSummary.MonthCounts(YearMonth.parse(rs.getString(1)), arrivals,
                            departures, moves, renames, manual, rollbacks, undone,
                            all - arrivals - departures - moves - renames - manual - rollbacks - undone));
                    total[0] += all;
                });
        List<ChangeEntry> entries = new ArrayList<>();
        long after = query.skip() == 0 ? (query.newestFirst() ? Long.MAX_VALUE : Long.MIN_VALUE)
                : firstAfterSkipping(schools, query);
        while (entries.size() < query.maxChanges()) {
            int size = Math.min(BATCH, query.maxChanges() - entries.size());
            List<ChangeEntry> batch = jdbc.sql("SELECT * FROM account_change WHERE uai = ANY (?) AND at >= ? AND at < ?"
                            + (query.newestFirst() ? " AND event_index < ? ORDER BY event_index DESC"
                            : " AND event_index > ? ORDER BY event_index") + " LIMIT ?")
                    .params(schools, Timestamp.from(query.from()), Timestamp.from(query.to()), after, size)
                    .query(ENTRY).list();
            entries.addAll(batch);
            if (batch.size() < size) {
                break;
            }
            after = batch.get(batch.size() - 1).index();
        }
        return new FindReportSummary.Summary(labelled(query.schools(), entries), total[0], months,
                activeAccounts(new FindHistoryReport(query.schools(), query.from(),
                        query.curveTo().isBefore(query.from()) ? query.from() : query.curveTo())));
    }

    /**
     * Where a page that skips {@code skip} changes starts: the position of the last change skipped (a page of
     * the report page, newest first; reading the positions only, from the (uai, at) index).
     */
    private long firstAfterSkipping(String[] schools, FindReportSummary query) {
        return jdbc.sql("SELECT event_index FROM account_change WHERE uai = ANY (?) AND at >= ? AND at < ?"
                        + (query.newestFirst() ? " ORDER BY event_index DESC" : " ORDER BY event_index")
                        + " OFFSET ? LIMIT 1")
                .params(schools, Timestamp.from(query.from()), Timestamp.from(query.to()), query.skip() - 1)
                .query(Long.class).optional().orElse(query.newestFirst() ? Long.MIN_VALUE : Long.MAX_VALUE);
    }

    /** The changes with their account's login and current names, read for those accounts only. */
    private List<ReportChange> labelled(Set<String> schools, List<ChangeEntry> entries) {
        Map<String, String[]> labels = new HashMap<>();
        if (!entries.isEmpty()) {
            String[] ids = entries.stream().map(ChangeEntry::accountId).distinct().toArray(String[]::new);
            jdbc.sql("SELECT account_id, login, first_name, coalesce(usage_name, last_name) AS name FROM account"
                            + " WHERE uai = ANY (?) AND account_id::text = ANY (?)")
                    .params(schools.toArray(String[]::new), ids)
                    .query(rs -> {
                        labels.put(rs.getString(1), new String[]{rs.getString(2),
                                rs.getString(4) + " " + rs.getString(3)});
                    });
        }
        return entries.stream().map(e -> {
            String[] label = labels.getOrDefault(e.accountId(), new String[]{null, e.accountId()});
            return new ReportChange(e, label[0], label[1]);
        }).toList();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<FieldChange>> FIELD_CHANGES = new TypeReference<>() {
    };
    private static final RowMapper<ChangeEntry> ENTRY = (rs, n) -> new ChangeEntry(
            rs.getLong("event_index"), rs.getTimestamp("at").toInstant(), rs.getString("uai"),
            rs.getString("account_id"), rs.getString("actor"), rs.getString("origin"), rs.getString("import_id"),
            rs.getString("reason"), rs.getString("correlation_id"), rs.getString("type"),
            fieldChanges(rs.getString("changes")));

    private static List<FieldChange> fieldChanges(String json) {
        try {
            return JSON.readValue(json, FIELD_CHANGES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable changes in account_change", e);
        }
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
