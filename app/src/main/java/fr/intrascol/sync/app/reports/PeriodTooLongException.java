package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.value.InvalidValueException;

import java.time.LocalDate;
import java.time.Period;

/**
 * A report asked over a longer period than {@code intrascol.reports.max-period}: refused before anything
 * is read, since a report's work grows with its period (months counted, points of the curve).
 */
public class PeriodTooLongException extends InvalidValueException {

    private final transient Period maxPeriod;

    public PeriodTooLongException(Period maxPeriod, LocalDate from, LocalDate to) {
        super("to", "The period from " + from + " to " + to + " is too long: a report covers at most "
                + describe(maxPeriod) + " (intrascol.reports.max-period), e.g. from=" + from + "&to="
                + from.plus(maxPeriod).minusDays(1) + ". Narrow the period, or ask for several reports.");
        this.maxPeriod = maxPeriod;
    }

    public Period maxPeriod() {
        return maxPeriod;
    }

    /** "10 years", "6 months", "1 year and 6 months", "90 days". */
    public static String describe(Period period) {
        Period p = period.normalized();
        StringBuilder text = new StringBuilder();
        append(text, p.getYears(), "year");
        append(text, p.getMonths(), "month");
        append(text, p.getDays(), "day");
        return text.toString();
    }

    /** The same in French: "10 ans", "6 mois", "1 an et 6 mois", "90 jours". */
    public static String describeInFrench(Period period) {
        Period p = period.normalized();
        StringBuilder text = new StringBuilder();
        appendFrench(text, p.getYears(), "an", "ans");
        appendFrench(text, p.getMonths(), "mois", "mois");
        appendFrench(text, p.getDays(), "jour", "jours");
        return text.toString();
    }

    private static void append(StringBuilder text, int n, String unit) {
        if (n != 0) {
            text.append(text.isEmpty() ? "" : " and ").append(n).append(' ').append(unit).append(n == 1 ? "" : "s");
        }
    }

    private static void appendFrench(StringBuilder text, int n, String one, String many) {
        if (n != 0) {
            text.append(text.isEmpty() ? "" : " et ").append(n).append(' ').append(n == 1 ? one : many);
        }
    }
}
