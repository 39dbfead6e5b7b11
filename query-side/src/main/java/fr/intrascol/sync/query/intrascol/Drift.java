package fr.intrascol.sync.query.intrascol;

import java.util.List;

/**
 * How a server differs from what it should hold. Entries are named by their DN (LDAP) or login
 * (file). Password values are never shown, only that they differ.
 */
public record Drift(List<Entry> missing, List<Entry> extra, List<Entry> different) {

    public Drift {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        different = List.copyOf(different);
    }

    public boolean inSync() {
        return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
    }

    /** One entry: its name on the server, the account it stands for (if any), and what differs. */
    public record Entry(String name, String accountId, List<Difference> differences) {
        public Entry {
            differences = List.copyOf(differences);
        }

        public static Entry of(String name, String accountId) {
            return new Entry(name, accountId, List.of());
        }
    }

    /** One attribute that differs: the value it should have and the one it has (null: absent). */
    public record Difference(String attribute, Object expected, Object actual) {
    }

    /** What a full synchronisation did. */
    public record Repair(int added, int modified, int deleted) {
        public int total() {
            return added + modified + deleted;
        }
    }
}
