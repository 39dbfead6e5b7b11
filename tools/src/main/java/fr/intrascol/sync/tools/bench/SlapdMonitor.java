package fr.intrascol.sync.tools.bench;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import fr.intrascol.sync.testsupport.Slapd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * slapd's own operation counters: its {@code cn=Monitor} database (back-monitor), switched on in a
 * {@link Slapd} instance's private configuration, read from {@code cn=Operations,cn=Monitor}
 * ({@code monitorOpCompleted} of Add, Modify, Delete, Modrdn, Search, Bind, Compare, Extended...).
 * The benchmark's own searches (the counters' reads, the entry counts, the checks) are counted here too
 * and taken off, so that the figures are the application's operations alone.
 */
final class SlapdMonitor {

    static final List<String> KINDS = List.of("add", "modify", "delete", "modrdn", "search", "bind", "compare",
            "extended");
    static final List<String> WRITES = List.of("add", "modify", "delete", "modrdn");

    private final AtomicLong ownSearches = new AtomicLong();

    /** Operations completed by kind (lower case), and how many searches the benchmark had sent before reading them. */
    record Counts(Map<String, Long> byKind, long ownSearchesBefore) {

        /** What happened between {@code earlier} and this reading, the benchmark's own searches taken off. */
        Counts minus(Counts earlier) {
            Map<String, Long> delta = new LinkedHashMap<>();
            for (String kind : KINDS) {
                delta.put(kind, byKind.getOrDefault(kind, 0L) - earlier.byKind.getOrDefault(kind, 0L));
            }
            delta.merge("search", -(ownSearchesBefore - earlier.ownSearchesBefore), Long::sum);
            return new Counts(delta, 0);
        }

        long writes() {
            return WRITES.stream().mapToLong(k -> byKind.getOrDefault(k, 0L)).sum();
        }

        long get(String kind) {
            return byKind.getOrDefault(kind, 0L);
        }
    }

    /**
     * Adds the monitor database to the instance's configuration and restarts it (same port, same data).
     * back-monitor is built into Debian's slapd; readable by anyone here, as the instance is private and
     * on loopback.
     */
    static void enable(Slapd slapd) {
        Path config = slapd.directory().resolve("slapd.conf");
        try {
            String text = Files.readString(config);
            if (!text.contains("database monitor")) {
                Files.writeString(config, text + "\ndatabase monitor\naccess to * by * read\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        slapd.restart();
    }

    /** Counts one search sent by the benchmark to the measured server. */
    void countOwnSearch() {
        ownSearches.incrementAndGet();
    }

    Counts read(LDAPConnection connection) throws LDAPException {
        long before = ownSearches.get();
        List<? extends Entry> entries = connection.search("cn=Operations,cn=Monitor", SearchScope.ONE,
                "(objectClass=*)", "cn", "monitorOpCompleted").getSearchEntries();
        countOwnSearch();
        return new Counts(parse(entries), before);
    }

    /** {@code cn=Add} with {@code monitorOpCompleted: 12} → {@code add=12}; entries without a counter are skipped. */
    static Map<String, Long> parse(Collection<? extends Entry> entries) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Entry entry : entries) {
            String kind = entry.getAttributeValue("cn");
            String completed = entry.getAttributeValue("monitorOpCompleted");
            if (kind != null && completed != null) {
                counts.put(kind.toLowerCase(Locale.ROOT), Long.parseLong(completed.trim()));
            }
        }
        return counts;
    }
}
