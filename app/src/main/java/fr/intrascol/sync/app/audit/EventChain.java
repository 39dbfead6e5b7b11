package fr.intrascol.sync.app.audit;

import fr.intrascol.sync.message.value.Uai;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Recomputes a school's hash chain from its stored events (the formula of migration V6) and says
 * whether every event still matches what was stored when it was written, or which one is the first
 * that does not. Reads the event store table directly: this is an audit of the store itself.
 */
@Repository
public class EventChain {

    private final JdbcClient jdbc;

    public EventChain(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The verdict: OK with the head hash, or BROKEN at the first event that does not match. */
    public record Verification(String uai, String status, long events, String headHash, Mismatch firstMismatch) {
    }

    /** The first event whose content, or place in the chain, is not what was stored. */
    public record Mismatch(long sequenceNumber, String eventIdentifier, String type, String timestamp,
                           String problem) {
    }

    public Verification verify(Uai uai) {
        byte[][] previous = {new byte[0]};
        long[] count = {0};
        Mismatch[] mismatch = {null};
        jdbc.sql("""
                SELECT sequence_number, aggregate_identifier, event_identifier, payload_type, time_stamp, payload,
                       meta_data, chain_hash
                FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""")
                .param(uai.value())
                .query(rs -> {
                    if (mismatch[0] != null) {
                        return;
                    }
                    long sequence = rs.getLong("sequence_number");
                    String type = rs.getString("payload_type");
                    String shortType = type.substring(type.lastIndexOf('.') + 1);
                    if (sequence != count[0]) {
                        mismatch[0] = new Mismatch(count[0], null, null, null, "event " + count[0]
                                + " is missing (the next one stored is " + sequence + ")");
                        return;
                    }
                    byte[] expected = hash(previous[0], sequence, rs.getString("aggregate_identifier"),
                            rs.getString("event_identifier"), type, rs.getString("time_stamp"),
                            rs.getBytes("payload"), rs.getBytes("meta_data"));
                    byte[] stored = rs.getBytes("chain_hash");
                    if (!Arrays.equals(expected, stored)) {
                        mismatch[0] = new Mismatch(sequence, rs.getString("event_identifier"), shortType,
                                rs.getString("time_stamp"), stored == null ? "it has no stored hash"
                                : "its content does not match the hash stored when it was written");
                        return;
                    }
                    previous[0] = stored;
                    count[0]++;
                });
        String head = count[0] == 0 ? null : HexFormat.of().formatHex(previous[0]);
        return mismatch[0] == null ? new Verification(uai.value(), "OK", count[0], head, null)
                : new Verification(uai.value(), "BROKEN", count[0], head, mismatch[0]);
    }

    /** The chain's current head for a school (null when it has no event), as printed on reports. */
    public String head(Uai uai) {
        return jdbc.sql("""
                SELECT chain_hash FROM domain_event_entry WHERE aggregate_identifier = ?
                ORDER BY sequence_number DESC LIMIT 1""").param(uai.value()).query(byte[].class).optional()
                .map(h -> HexFormat.of().formatHex(h)).orElse(null);
    }

    /**
     * The hash of one event chained to {@code previous} (empty for a school's first event): the formula of
     * migration V6. Public for the export, which checks every event before it goes into an archive.
     */
    public static byte[] hash(byte[] previous, long sequence, String aggregate, String eventId, String type,
                              String timestamp, byte[] payload, byte[] metaData) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(previous);
        data.writeBytes(ByteBuffer.allocate(8).putLong(sequence).array());
        for (String text : new String[]{aggregate, eventId, type, timestamp}) {
            field(data, text.getBytes(StandardCharsets.UTF_8));
        }
        field(data, payload);
        field(data, metaData == null ? new byte[0] : metaData);
        try {
            return MessageDigest.getInstance("SHA-256").digest(data.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(ByteArrayOutputStream data, byte[] bytes) {
        data.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        data.writeBytes(bytes);
    }
}
