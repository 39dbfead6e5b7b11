package fr.intrascol.sync.command.imports;

import fr.intrascol.sync.message.value.PupilRow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A digest of the rows a plan was made from, so that applying can check it is given the same rows. It is
 * stored in the plan's event, so its encoding is part of the stored data: it is explicit and versioned
 * ({@link #ENCODING}), never how a value type prints itself, so that changing a {@code toString} or a
 * value type's formatting never makes pending plans unappliable. Changing the encoding needs a new
 * version and, for as long as plans of the previous one may be pending, accepting both ({@link #matches}).
 *
 * <p>Encoding, version 2: the version tag, the number of rows, then for each row its fields in this
 * order: line, last name, usage name, first name, birth date (ISO-8601, {@code yyyy-MM-dd}), sex, INE,
 * level (its constant's name) and class label. Each field is one byte {@code 0} when it is absent (null),
 * or one byte {@code 1}, the length of its UTF-8 bytes (4 bytes, big-endian) and those bytes. A row
 * without names has its three name fields absent. Counts and lengths are 4-byte big-endian integers.
 */
public final class RowsFingerprint {

    /** The version tag that starts the encoded rows; a new encoding gets a new tag. */
    static final String ENCODING = "intrascol/rows-fingerprint/2";

    private RowsFingerprint() {
    }

    /** The fingerprint of these rows, as a plan records it: SHA-256 of their canonical encoding, in hex. */
    public static String of(List<PupilRow> rows) {
        MessageDigest digest = sha256();
        string(digest, ENCODING);
        integer(digest, rows.size());
        for (PupilRow row : rows) {
            string(digest, Integer.toString(row.line()));
            string(digest, row.name() == null ? null : row.name().lastName());
            string(digest, row.name() == null ? null : row.name().usageName());
            string(digest, row.name() == null ? null : row.name().firstName());
            string(digest, row.birthDate() == null ? null : DateTimeFormatter.ISO_LOCAL_DATE.format(row.birthDate()));
            string(digest, row.sex());
            string(digest, row.ine());
            string(digest, row.level() == null ? null : row.level().name());
            string(digest, row.classGroup() == null ? null : row.classGroup().label());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Whether a plan's stored fingerprint is the fingerprint of these rows: the canonical one, or, for a plan
     * made before it ({@link #legacyOf}), the one of that version.
     */
    public static boolean matches(String stored, List<PupilRow> rows) {
        return stored != null && (stored.equals(of(rows)) || stored.equals(legacyOf(rows)));
    }

    /**
     * Legacy: the fingerprint that plans made before the canonical encoding recorded (fields joined with
     * control characters, absent and empty alike, dates and free text as they print). Kept only so that
     * such plans, still pending when this version is installed, can be applied; plans expire after 7 days
     * ({@code intrascol.import.plan-expires-after}), after which this can be removed. Never record it.
     */
    static String legacyOf(List<PupilRow> rows) {
        MessageDigest digest = sha256();
        StringBuilder row = new StringBuilder(128);
        for (PupilRow r : rows) {
            row.setLength(0);
            row.append(r.line()).append('\u001f')
                    .append(r.name() == null ? "" : r.name().lastName()).append('\u001f')
                    .append(r.name() == null ? "" : Objects.toString(r.name().usageName(), "")).append('\u001f')
                    .append(r.name() == null ? "" : r.name().firstName()).append('\u001f')
                    .append(Objects.toString(r.birthDate(), "")).append('\u001f')
                    .append(Objects.toString(r.sex(), "")).append('\u001f')
                    .append(Objects.toString(r.ine(), "")).append('\u001f')
                    .append(r.level() == null ? "" : r.level().name()).append('\u001f')
                    .append(r.classGroup() == null ? "" : r.classGroup().label()).append('\u001e');
            digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One field: {@code 0} when absent, else {@code 1}, its UTF-8 length and its UTF-8 bytes. */
    private static void string(MessageDigest digest, String value) {
        if (value == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 1);
        integer(digest, bytes.length);
        digest.update(bytes);
    }

    private static void integer(MessageDigest digest, int value) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(value).array());
    }
}
