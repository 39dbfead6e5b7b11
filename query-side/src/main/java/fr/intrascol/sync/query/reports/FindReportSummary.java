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
 * all; {@code skip} changes left out before them (a page of the report page); the curve of active accounts
 * ends at {@code curveTo} (now, when the period ends in the future). Answers a {@link Summary}.
 */
public record FindReportSummary(Set<String> schools, Instant from, Instant to, ZoneId zone, int maxChanges,
                                boolean newestFirst, long skip, Instant curveTo) {

    public FindReportSummary {
        if (maxChanges < 0 || skip < 0) {
            throw new IllegalArgumentException("maxChanges and skip must be 0 or more");
        }
        if (curveTo == null || curveTo.isAfter(to)) {
            curveTo = to;
        }
    }

    public FindReportSummary(Set<String> schools, Instant from, Instant to, ZoneId zone, int maxChanges,
                             boolean newestFirst) {
        this(schools, from, to, zone, maxChanges, newestFirst, 0, to);
    }

    /** The report's content: {@code changes.size() < totalChanges} when some were left out. */
    public record Summary(List<ReportChange> changes, long totalChanges, List<MonthCounts> perMonth,
                          List<ActivePoint> activeAccounts) {
    }

    /**
     * One month of the period (in the report's time zone), each change counted once, in one column: what
     * imports did and still stands, arrivals (accounts opened or back), departures (accounts suspended), moves
     * (class changes), renames (name corrections); manual edits (origin MANUAL, whatever they changed);
     * rollbacks (the compensations of a rolled-back import, origin ROLLBACK); undone (the changes of an
     * import that a rollback compensated since, counted nowhere else); others (password resets by an
     * import, the retention rule's erasures, replayed history...). {@code total} is their sum.
     */
    public record MonthCounts(YearMonth month, int arrivals, int departures, int moves, int renames,
                              int manualEdits, int rollbacks, int undone, int others) {

        public int total() {
            return arrivals + departures + moves + renames + manualEdits + rollbacks + undone + others;
        }
    }
}
