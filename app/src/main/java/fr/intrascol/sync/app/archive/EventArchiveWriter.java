package fr.intrascol.sync.app.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an archive ({@link EventArchive}) one event at a time, then one key at a time: nothing but the
 * current line is held in memory, so the size of the store does not matter. The caller closes the
 * underlying stream. The version of the header decides the format: version 1 has no key lines.
 */
final class EventArchiveWriter {

    /** Non-ASCII characters escaped: the file is plain ASCII whatever the tools that read it. */
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final GZIPOutputStream out;
    private final MessageDigest digest;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
    private final EventArchive.Header header;
    private final long expected;
    private long written;
    private long keys;

    EventArchiveWriter(OutputStream target, EventArchive.Header header) throws IOException {
        this.out = new GZIPOutputStream(target, 1 << 16);
        this.digest = sha256();
        this.header = header;
        this.expected = header.events();
        try (JsonGenerator json = start()) {
            json.writeStartObject();
            json.writeStringField("format", EventArchive.FORMAT);
            json.writeNumberField("version", header.version());
            json.writeStringField("exportedAt", header.exportedAt().toString());
            json.writeNumberField("events", header.events());
            json.writeNumberField("lastGlobalIndex", header.lastGlobalIndex());
            json.writeStringField("schemaVersion", header.schemaVersion());
            if (header.version() >= 2) {
                json.writeNumberField("keys", header.keys());
                json.writeStringField("masterKeyId", header.masterKeyId());
            }
            json.writeEndObject();
        }
        end(true);
    }

    void write(ArchivedEvent event) throws IOException {
        if (keys > 0) {
            throw new IOException("An event after the key lines");
        }
        try (JsonGenerator json = start()) {
            json.writeStartObject();
            json.writeNumberField("global_index", event.globalIndex());
            json.writeStringField("event_identifier", event.eventIdentifier());
            json.writeStringField("aggregate_identifier", event.aggregateIdentifier());
            json.writeNumberField("sequence_number", event.sequenceNumber());
            json.writeStringField("type", event.type());
            json.writeStringField("time_stamp", event.timeStamp());
            json.writeStringField("payload_type", event.payloadType());
            json.writeStringField("payload_revision", event.payloadRevision());
            json.writeStringField("payload", Base64.getEncoder().encodeToString(event.payload()));
            json.writeStringField("meta_data", event.metaData() == null ? null
                    : Base64.getEncoder().encodeToString(event.metaData()));
            json.writeStringField("chain_hash", event.chainHash() == null ? null
                    : HexFormat.of().formatHex(event.chainHash()));
            json.writeEndObject();
        }
        end(true);
        written++;
    }

    /** A key line: after every event. Its data key stays wrapped, as stored. */
    void write(ArchivedKey key) throws IOException {
        if (header.version() < 2) {
            throw new IOException("An archive of version " + header.version() + " has no key lines");
        }
        if (written != expected) {
            throw new IOException("A key line before the last of the " + expected + " events");
        }
        try (JsonGenerator json = start()) {
            json.writeStartObject();
            json.writeStringField("subject", key.subject());
            json.writeStringField("wrapped_key", key.wrappedKey() == null ? null
                    : Base64.getEncoder().encodeToString(key.wrappedKey()));
            json.writeStringField("master_key_id", key.masterKeyId());
            json.writeStringField("created_at", key.createdAt().toString());
            json.writeStringField("destroyed_at", key.destroyedAt() == null ? null : key.destroyedAt().toString());
            json.writeEndObject();
        }
        end(true);
        keys++;
    }

    /** Writes the trailer and ends the gzip stream (the target stays open). */
    void finish() throws IOException {
        if (written != expected) {
            throw new IOException("The header announced " + expected + " events but " + written + " were written");
        }
        if (keys != header.keys()) {
            throw new IOException("The header announced " + header.keys() + " keys but " + keys + " were written");
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        try (JsonGenerator json = start()) {
            json.writeStartObject();
            json.writeStringField("end", EventArchive.FORMAT);
            json.writeNumberField("events", written);
            if (header.version() >= 2) {
                json.writeNumberField("keys", keys);
            }
            json.writeStringField("sha256", sha256);
            json.writeEndObject();
        }
        end(false);
        out.finish();
    }

    long written() {
        return written;
    }

    private JsonGenerator start() throws IOException {
        line.reset();
        return JSON.createGenerator(line);
    }

    private void end(boolean digested) throws IOException {
        line.write('\n');
        if (digested) {
            digest.update(line.toByteArray());
        }
        line.writeTo(out);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
