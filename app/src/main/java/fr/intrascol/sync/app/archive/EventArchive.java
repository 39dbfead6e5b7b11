package fr.intrascol.sync.app.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The portable archive of an event store (docs/operations.md, "Moving to a new home"): a gzip file of
 * JSON lines, ASCII only.
 * <ol>
 *   <li>a header: {@code {"format":"intrascol-sync-event-archive","version":1,"exportedAt":"…",
 *       "events":N,"lastGlobalIndex":M,"schemaVersion":"6"}};</li>
 *   <li>N event lines in {@code global_index} order, one per row of {@code domain_event_entry}, keyed by
 *       the column names: {@code global_index}, {@code event_identifier}, {@code aggregate_identifier},
 *       {@code sequence_number}, {@code type}, {@code time_stamp}, {@code payload_type},
 *       {@code payload_revision}, {@code payload} and {@code meta_data} (standard base64 of the stored
 *       bytes), {@code chain_hash} (lower-case hex, or null);</li>
 *   <li>a trailer: {@code {"end":"intrascol-sync-event-archive","events":N,"sha256":"…"}}, the SHA-256 of
 *       every line before it (header included), each with its newline.</li>
 * </ol>
 * A missing trailer means a truncated file, a wrong checksum an altered one. JSON lines rather than a
 * binary format or {@code pg_dump}: readable with {@code zcat | head}, independent of PostgreSQL's
 * version, streamable in both directions, and any tool can check or convert it.
 */
public final class EventArchive {

    public static final String FORMAT = "intrascol-sync-event-archive";
    public static final int VERSION = 1;

    private EventArchive() {
    }

    /**
     * The first line.
     *
     * @param lastGlobalIndex the highest {@code global_index} in the archive (0 when it has no event)
     * @param schemaVersion   the source's latest Flyway migration: a new home needs at least that one
     */
    public record Header(int version, Instant exportedAt, long events, long lastGlobalIndex, String schemaVersion) {
    }

    /** Told how far an export or import is, now and then. */
    @FunctionalInterface
    public interface Progress {
        void at(long events, long total);
    }

    /**
     * Whether {@code file} is a regular file that starts with the gzip magic bytes {@code 1f 8b}: that is
     * how {@code import FILE} tells an archive from an extraction (a CSV file never starts so).
     */
    public static boolean startsWithGzipMagic(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            return false;
        }
    }

    /** Compares two Flyway versions ("6", "6.1", "10") number by number; null counts as the lowest. */
    static int compareVersions(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        String[] left = a.split("[._]");
        String[] right = b.split("[._]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            long l = i < left.length ? parse(left[i]) : 0;
            long r = i < right.length ? parse(right[i]) : 0;
            if (l != r) {
                return Long.compare(l, r);
            }
        }
        return 0;
    }

    private static long parse(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
