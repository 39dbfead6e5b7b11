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
        jdbc.sql("""
                SELECT to_char(at AT TIME ZONE ?, 'YYYY-MM') AS month,
                       count(*) FILTER (WHERE type = 'AccountCreated'),
                       count(*) FILTER (WHERE type = 'AccountSuspended'),
                       count(*) FILTER (WHERE type = 'AccountClassChanged'),
                       count(*) FILTER (WHERE type = 'AccountNamesCorrected'),
                       count(*) FILTER (WHERE origin = 'MANUAL'),
                       count(*)
                FROM account_change WHERE uai = ANY (?) AND at >= ? AND at < ?
                GROUP BY 1 ORDER BY 1""")
                .params(query.zone().getId(), schools, Timestamp.from(query.from()), Timestamp.from(query.to()))
                .query(rs -> {
                    months.add(new FindReportSummary.MonthCounts(YearMonth.parse(rs.getString(1)), rs.getInt(2),
                            rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6)));
                    total[0] += rs.getLong(7);
                });
        List<ChangeEntry> entries = new ArrayList<>();
        long after = query.newestFirst() ? Long.MAX_VALUE : Long.MIN_VALUE;
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
                activeAccounts(new FindHistoryReport(query.schools(), query.from(), query.to())));
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
                                rs.getString(3) + " " + rs.getString(4)});
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
