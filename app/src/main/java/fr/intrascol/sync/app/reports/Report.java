package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.ui.FrenchText;
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
 * <p>Counts: each change once, in one column ({@link fr.intrascol.sync.query.reports.FindReportSummary.MonthCounts}):
 * what imports did and still stands (arrivals, departures, moves, renames), manual edits, rollbacks, the
 * changes of rolled-back imports (undone), others.
 */
public record Report(List<School> schools, LocalDate from, LocalDate to, ZoneId zone, Instant producedAt,
                     String producedBy, Map<YearMonth, Counts> perMonth, List<ActivePoint> activeAccounts,
                     List<ReportChange> changes, long totalChanges, long skipped) {

    /** Why the counts' columns add up to the changes: said under the counts of every rendering. */
    public static final String COUNTS_NOTE = "Chaque changement est compté une fois. Les arrivées comptent aussi les"
            + " retours. Un import annulé ne compte ni ses arrivées, ni ses départs, ni ses changements de classe :"
            + " ils sont dans « Changements d’imports annulés », et ce que l’annulation a défait dans « Annulations"
            + " d’import ». Les modifications à la main ne sont comptées que dans leur colonne.";

    /** « Du 1er septembre 2026 au 6 décembre 2026 ». */
    public String periodLine(FrenchText text) {
        return "Du " + text.day(from) + " au " + text.day(to);
    }

    /** « Produit le 6 décembre 2026 à 14:05 par inspecteur ». */
    public String producedLine(FrenchText text) {
        return "Produit le " + text.at(producedAt) + " par " + producedBy;
    }

    /** The last day the curve shows: the period's last day, or today when the period ends later. */
    public LocalDate chartEnd() {
        if (activeAccounts.isEmpty()) {
            return to;
        }
        LocalDate last = activeAccounts.get(activeAccounts.size() - 1).at().minusNanos(1).atZone(zone).toLocalDate();
        return last.isBefore(from) ? from : last.isAfter(to) ? to : last;
    }

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

    /** The counts of one month, or of the period (their sum). */
    public record Counts(int arrivals, int departures, int moves, int renames, int manualEdits, int rollbacks,
                         int undone, int others) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

        /** The columns' French headings, in the order of {@link #values()}, the same in every rendering. */
        public static final List<String> HEADINGS = List.of("Arrivées", "Départs", "Changements de classe",
                "Corrections de nom", "Modifications à la main", "Annulations d’import",
                "Changements d’imports annulés", "Autres", "Total");

        /** The counts in the order of {@link #HEADINGS}, the total last. */
        public List<Integer> values() {
            return List.of(arrivals, departures, moves, renames, manualEdits, rollbacks, undone, others, total());
        }

        public int total() {
            return arrivals + departures + moves + renames + manualEdits + rollbacks + undone + others;
        }

        Counts plus(Counts o) {
            return new Counts(arrivals + o.arrivals, departures + o.departures, moves + o.moves, renames + o.renames,
                    manualEdits + o.manualEdits, rollbacks + o.rollbacks, undone + o.undone, others + o.others);
        }
    }

    /** The counts of the whole period. */
    public Counts total() {
        return perMonth.values().stream().reduce(Counts.NONE, Counts::plus);
    }

    /** Every month of the period, in order, with the database's counts (zero for a month without change). */
    static Map<YearMonth, Counts> perMonth(List<fr.intrascol.sync.query.reports.FindReportSummary.MonthCounts> counted,
                                           LocalDate from, LocalDate to) {
        Map<YearMonth, Counts> months = new TreeMap<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            months.put(m, Counts.NONE);
        }
        for (var month : counted) {
            months.put(month.month(), new Counts(month.arrivals(), month.departures(), month.moves(), month.renames(),
                    month.manualEdits(), month.rollbacks(), month.undone(), month.others()));
        }
        return months;
    }

    /** "école 0170001J" or "3 écoles". */
    String title() {
        return schools.size() == 1 ? schools.get(0).name() + " (" + schools.get(0).uai() + ")"
                : schools.size() + " écoles";
    }
}
