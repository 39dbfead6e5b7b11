package fr.intrascol.sync.app.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The portable archive of an event store (docs/operations.md, "Moving to a new home"): a gzip file of
 * JSON lines, ASCII only. Version 2:
 * <ol>
 *   <li>a header: {@code {"format":"intrascol-sync-event-archive","version":2,"exportedAt":"…",
 *       "events":N,"lastGlobalIndex":M,"schemaVersion":"11","keys":K,"masterKeyId":"…"}};
 *       {@code masterKeyId} is the id of the master key that wraps every live key of the archive (the
 *       first 16 hex digits of its SHA-256, never the key), null when it holds no live key;</li>
 *   <li>N event lines in {@code global_index} order, one per row of {@code domain_event_entry}, keyed by
 *       the column names: {@code global_index}, {@code event_identifier}, {@code aggregate_identifier},
 *       {@code sequence_number}, {@code type}, {@code time_stamp}, {@code payload_type},
 *       {@code payload_revision}, {@code payload} and {@code meta_data} (standard base64 of the stored
 *       bytes), {@code chain_hash} (lower-case hex, or null);</li>
 *   <li>K key lines, one per row of {@code person_key} (the persons' data keys, tombstones of erased
 *       persons included: they prove the erasure and keep the subject from ever getting a key again):
 *       {@code {"subject":…,"wrapped_key":base64 or null,"master_key_id":… or null,"created_at":"…",
 *       "destroyed_at":"…" or null}}. A data key is only ever in the archive wrapped by the master key,
 *       which is not in it: the events' personal data opens only on a home that has that master key too
 *       (copied apart, by another channel);</li>
 *   <li>a trailer: {@code {"end":"intrascol-sync-event-archive","events":N,"keys":K,"sha256":"…"}}, the
 *       SHA-256 of every line before it (header and key lines included), each with its newline.</li>
 * </ol>
 * Version 1 (written before crypto-shredding) is the same without key lines, without {@code keys} and
 * {@code masterKeyId} in the header and {@code keys} in the trailer; it is still read. Its events hold the
 * personal data in clear: the import seals it ({@link PersonalDataResealer}).
 * A missing trailer means a truncated file, a wrong checksum an altered one. JSON lines rather than a
 * binary format or {@code pg_dump}: readable with {@code zcat | head}, independent of PostgreSQL's
 * version, streamable in both directions, and any tool can check or convert it.
 */
public final class EventArchive {

    public static final String FORMAT = "intrascol-sync-event-archive";
    /** The version written. */
    public static final int VERSION = 2;
    /** The oldest version read. */
    public static final int OLDEST_VERSION = 1;

    private EventArchive() {
    }

    /**
     * The first line.
     *
     * @param lastGlobalIndex the highest {@code global_index} in the archive (0 when it has no event)
     * @param schemaVersion   the source's latest Flyway migration: a new home needs at least that one
     * @param keys            the number of key lines (0 in version 1)
     * @param masterKeyId     the id of the master key that wraps the live keys; null when there is none
     */
    public record Header(int version, Instant exportedAt, long events, long lastGlobalIndex, String schemaVersion,
                         long keys, String masterKeyId) {

        /** A header without keys. */
        public Header(int version, Instant exportedAt, long events, long lastGlobalIndex, String schemaVersion) {
            this(version, exportedAt, events, lastGlobalIndex, schemaVersion, 0, null);
        }
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
