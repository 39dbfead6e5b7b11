package fr.intrascol.sync.message.query;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What an inspector's history report shows for some schools over [from, to): every change with the
 * account it concerns, and the number of active accounts at regular points of the period. Answers a
 * {@link HistoryReport}.
 */
public record FindHistoryReport(Set<String> schools, Instant from, Instant to) {

    /** The report's content; counting and drawing are left to whoever renders it. */
    public record HistoryReport(List<ReportChange> changes, List<ActivePoint> activeAccounts) {
    }

    /** One change, with the account's login and current names for the reader. */
    public record ReportChange(ChangeEntry change, String login, String account) {
    }

    /** How many accounts were active at an instant. */
    public record ActivePoint(Instant at, long active) {
    }
}
