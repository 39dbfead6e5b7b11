package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.query.FindHistoryReport.ActivePoint;
import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An inspector's history report, ready to render: which schools, which period, the chain head of
 * each school when it was produced (so that a printed report can be checked against the store later),
 * counts per month, the active accounts over time, and the changes: all of them, or when the period holds
 * more than the report details, the first ones and how many there are in all ({@link #totalChanges()}).
 *
 * <p>Counts: arrivals are accounts opened, departures accounts suspended, moves class or level
 * changes, renames name corrections, whatever their origin; manual edits are every change made by
 * hand (origin MANUAL), so a manual move counts both as a move and as a manual edit.
 */
public record Report(List<School> schools, LocalDate from, LocalDate to, ZoneId zone, Instant producedAt,
                     String producedBy, Map<YearMonth, Counts> perMonth, List<ActivePoint> activeAccounts,
                     List<ReportChange> changes, long totalChanges) {

    /** How many changes of the period the report counts but does not detail (0: it details them all). */
    public long notShown() {
        return Math.max(0, totalChanges - changes.size());
    }

    /** "1 234 autres changements ne sont pas détaillés : réduisez la période pour les voir.", or null. */
    public String notShownLine() {
        long more = notShown();
        if (more == 0) {
            return null;
        }
        return String.format(java.util.Locale.FRENCH, "%,d", more).replace('\u202f', ' ').replace('\u00a0', ' ')
                + (more == 1 ? " autre changement n’est pas détaillé" : " autres changements ne sont pas détaillés")
                + " (" + changes.size() + " sur " + totalChanges + " le sont) : réduisez la période pour les voir.";
    }

    /** A school of the report and its chain head hash at production time. */
    public record School(String uai, String name, String chainHead) {
    }

    /** The counts of one month. */
    public record Counts(int arrivals, int departures, int moves, int renames, int manualEdits) {
        Counts plus(ReportChange change) {
            String type = change.change().type();
            return new Counts(arrivals + (type.equals("AccountCreated") ? 1 : 0),
                    departures + (type.equals("AccountSuspended") ? 1 : 0),
                    moves + (type.equals("AccountClassChanged") ? 1 : 0),
                    renames + (type.equals("AccountNamesCorrected") ? 1 : 0),
                    manualEdits + ("MANUAL".equals(change.change().origin()) ? 1 : 0));
        }
    }

    /** Every month of the period, in order, with the database's counts (zero for a month without change). */
    static Map<YearMonth, Counts> perMonth(List<fr.intrascol.sync.query.reports.FindReportSummary.MonthCounts> counted,
                                           LocalDate from, LocalDate to) {
        Map<YearMonth, Counts> months = new TreeMap<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            months.put(m, new Counts(0, 0, 0, 0, 0));
        }
        for (var month : counted) {
            months.put(month.month(), new Counts(month.arrivals(), month.departures(), month.moves(), month.renames(),
                    month.manualEdits()));
        }
        return months;
    }

    /** "école 0170001J" or "3 écoles". */
    String title() {
        return schools.size() == 1 ? schools.get(0).name() + " (" + schools.get(0).uai() + ")"
                : schools.size() + " écoles";
    }
}
