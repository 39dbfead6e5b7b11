package fr.intrascol.sync.query.reports;

import fr.intrascol.sync.message.query.FindHistoryReport.ActivePoint;
import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A history report whose size does not grow with the data: the counts per month and the active accounts
 * for the whole period [from, to), computed by the database, and at most {@code maxChanges} detailed
 * changes (the oldest, or with {@code newestFirst} the newest, of the period), with how many there are in
 * all. Answers a {@link Summary}.
 */
public record FindReportSummary(Set<String> schools, Instant from, Instant to, ZoneId zone, int maxChanges,
                                boolean newestFirst) {

    public FindReportSummary {
        if (maxChanges < 0) {
            throw new IllegalArgumentException("maxChanges must be 0 or more");
        }
    }

    /** The report's content: {@code changes.size() < totalChanges} when some were left out. */
    public record Summary(List<ReportChange> changes, long totalChanges, List<MonthCounts> perMonth,
                          List<ActivePoint> activeAccounts) {
    }

    /**
     * One month of the period (in the report's time zone): arrivals (accounts opened), departures (accounts
     * suspended), moves (class changes), renames (name corrections), manual edits (origin MANUAL).
     */
    public record MonthCounts(YearMonth month, int arrivals, int departures, int moves, int renames,
                              int manualEdits) {
    }
}
