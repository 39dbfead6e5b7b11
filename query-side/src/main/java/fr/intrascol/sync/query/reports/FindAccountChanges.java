package fr.intrascol.sync.query.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed in the schools' accounts between two moments: the accounts as they were at {@code from}
 * against the accounts at {@code to} (the accounts page's past view, {@code account_version}), line by
 * line: who arrived, left, moved (class or level), was renamed, was erased. At most {@code maxLines} lines
 * are answered (one more tells that there are more); the counts cover every line. Answers {@link Changes}.
 */
public record FindAccountChanges(Set<String> schools, Instant from, Instant to, int maxLines) {

    /** What happened to an account between the two moments. */
    public enum Kind {
        /** Active at the end, not at the start (absent or suspended then). */
        ARRIVAL,
        /** Active at the start, not at the end (suspended or closed). */
        DEPARTURE,
        /** Active at both, in another class or level. */
        MOVE,
        /** Active at both, under other names. */
        RENAME,
        /** Their personal data erased in between (the names read « [effacé] » everywhere since). */
        ERASURE
    }

    /**
     * One line: the account, its names and login (at the end, or at the start when it left; « [effacé] »
     * once erased), and its class and level at the start and at the end (null where it had none).
     */
    public record Line(Kind kind, String uai, String accountId, String names, String login, String namesBefore,
                       String classBefore, String levelBefore, String classAfter, String levelAfter) {
    }

    /** The lines (at most {@code maxLines}; {@code more} when some were left out) and the count of each kind. */
    public record Changes(List<Line> lines, Map<Kind, Integer> counts, boolean more) {

        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
