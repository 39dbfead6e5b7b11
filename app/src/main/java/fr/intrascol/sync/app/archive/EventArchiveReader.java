package fr.intrascol.sync.app.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an archive ({@link EventArchive}) one event at a time, then one key at a time, and checks it as
 * it goes: the header, every event line's fields, the {@code global_index} order, every key line's
 * fields (a live key wrapped by the header's master key, or a tombstone), and at the end the trailer's
 * counts and checksum. {@link #next()} answers the events, then null; {@link #nextKey()} (which skips the
 * events not read yet, still checking them) answers the keys, then null only once the trailer has been
 * checked. So a caller that read both to the end has read a complete, unaltered archive; anything else
 * is an {@link ArchiveException}. (An archive without key lines, version 1 or a store without persons,
 * has its trailer checked when {@link #next()} answers null.)
 */
final class EventArchiveReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedReader lines;
    private final MessageDigest digest = EventArchiveWriter.sha256();
    private final EventArchive.Header header;
    private long lineNumber;
    private long events;
    private long keys;
    private long lastGlobalIndex;
    /** No event line is left to read: the next line, if any, is a key line or the trailer. */
    private boolean eventsDone;
    /** The first key line, read (and digested) by {@link #next()} when it met it. */
    private JsonNode firstKey;
    private boolean ended;

    private EventArchiveReader(Path file, BufferedReader lines) throws ArchiveException {
        this.file = file;
        this.lines = lines;
        this.header = readHeader();
    }

    /** Opens {@code file} and reads its header; refuses what is not an archive this build reads. */
    static EventArchiveReader open(Path file) throws ArchiveException {
        if (!Files.isRegularFile(file)) {
            throw new ArchiveException("No file " + file);
        }
        if (!EventArchive.startsWithGzipMagic(file)) {
            throw new ArchiveException(file + " is not an intrascol-sync event archive (not a gzip file).");
        }
        try {
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16), decoder), 1 << 16);
            try {
                return new EventArchiveReader(file, lines);
            } catch (ArchiveException | RuntimeException e) {
                lines.close();
                throw e;
            }
        } catch (IOException e) {
            throw damaged(file, e);
        }
    }

    /**
     * Reads the whole archive without keeping anything: its header if it is complete and unaltered.
     * The import calls this before writing anything, so a bad file is refused with the database untouched.
     */
    static EventArchive.Header verify(Path file) throws ArchiveException {
        try (EventArchiveReader reader = open(file)) {
            while (reader.next() != null) {
                // every line is checked by next()
            }
            while (reader.nextKey() != null) {
                // and by nextKey()
            }
            return reader.header();
        }
    }

    EventArchive.Header header() {
        return header;
    }

    /**
     * The next event, or null when there is none left: after the trailer (checked: counts and checksum)
     * when the archive has no key lines, otherwise before its first key line (read them with
     * {@link #nextKey()}).
     */
    ArchivedEvent next() throws ArchiveException {
        if (eventsDone) {
            return null;
        }
        JsonNode node = nextLine();
        if (node == null) {
            eventsDone = true;
            return null;
        }
        if (isKey(node)) {
            eventsDone = true;
            firstKey = node;
            return null;
        }
        ArchivedEvent event = event(node);
        if (event.globalIndex() <= lastGlobalIndex) {
            throw invalid("global_index " + event.globalIndex() + " is not above the previous one ("
                    + lastGlobalIndex + "): events must be in global_index order");
        }
        lastGlobalIndex = event.globalIndex();
        events++;
        if (events > header.events()) {
            throw invalid("more events than the " + header.events() + " announced by the header");
        }
        return event;
    }

    /**
     * The next key line, or null after the trailer (checked: counts and checksum). Events not read yet
     * are read (and checked) first, and skipped.
     */
    ArchivedKey nextKey() throws ArchiveException {
        while (next() != null) {
            // skipped, but checked
        }
        JsonNode node = firstKey;
        firstKey = null;
        if (node == null) {
            if (ended) {
                return null;
            }
            node = nextLine();
            if (node == null) {
                return null;
            }
        }
        if (!isKey(node)) {
            throw invalid("an event line after the key lines");
        }
        ArchivedKey key = key(node);
        keys++;
        if (keys > header.keys()) {
            throw invalid("more keys than the " + header.keys() + " announced by the header");
        }
        return key;
    }

    /** The next line, digested, or null once the trailer is read and checked. */
    private JsonNode nextLine() throws ArchiveException {
        if (ended) {
            return null;
        }
        String line = readLine();
        if (line == null) {
            throw new ArchiveException(file + " is truncated: it ends after " + events + " of its " + header.events()
                    + " events" + (header.keys() > 0 ? " and " + keys + " of its " + header.keys() + " person keys"
                    : "") + ", without its closing line. Export it again, or copy it again from the original.");
        }
        JsonNode node = parse(line);
        if (node.has("end")) {
            checkTrailer(node);
            ended = true;
            if (readLine() != null) {
                throw new ArchiveException(file + " has data after its closing line (line " + lineNumber
                        + "): it is not an archive as written by export.");
            }
            return null;
        }
        digest(line);
        return node;
    }

    /** A key line names a subject and no global index. */
    private boolean isKey(JsonNode node) throws ArchiveException {
        if (!node.has("subject") || node.has("global_index")) {
            return false;
        }
        if (header.version() < 2) {
            throw invalid("a key line in an archive of version " + header.version());
        }
        return true;
    }

    private EventArchive.Header readHeader() throws ArchiveException {
        String line;
        JsonNode node;
        try {
            line = readLine();
            node = line == null ? null : JSON.readTree(line);
        } catch (JsonProcessingException e) {
            line = null;
            node = null;
        } catch (ArchiveException e) {
            if (!(e.getCause() instanceof CharacterCodingException)) {
                throw e;
            }
            line = null;
            node = null; // not UTF-8 text: a gzipped extraction in Windows-1252, say
        }
        if (node == null || !node.isObject() || !EventArchive.FORMAT.equals(node.path("format").asText(null))) {
            throw new ArchiveException(file + " is not an intrascol-sync event archive (its first line is not"
                    + " an archive header). Give the file written by 'export'.");
        }
        JsonNode version = node.get("version");
        if (version == null || !version.isInt()) {
            throw invalid("the header has no format version");
        }
        if (version.intValue() < EventArchive.OLDEST_VERSION || version.intValue() > EventArchive.VERSION) {
            throw new ArchiveException(file + " is an event archive of format version " + version.intValue()
                    + "; this build reads versions " + EventArchive.OLDEST_VERSION + " to " + EventArchive.VERSION
                    + " only." + (version.intValue() > EventArchive.VERSION ? " Use a newer intrascol-sync." : ""));
        }
        digest(line);
        Instant exportedAt;
        try {
            exportedAt = Instant.parse(text(node, "exportedAt", true));
        } catch (DateTimeParseException e) {
            throw invalid("exportedAt is not an ISO-8601 instant");
        }
        if (version.intValue() < 2) {
            return new EventArchive.Header(version.intValue(), exportedAt, count(node, "events"),
                    count(node, "lastGlobalIndex"), text(node, "schemaVersion", false));
        }
        return new EventArchive.Header(version.intValue(), exportedAt, count(node, "events"),
                count(node, "lastGlobalIndex"), text(node, "schemaVersion", false), count(node, "keys"),
                text(node, "masterKeyId", false));
    }

    private void checkTrailer(JsonNode node) throws ArchiveException {
        if (!EventArchive.FORMAT.equals(node.get("end").asText())) {
            throw invalid("unknown closing line");
        }
        long count = count(node, "events");
        if (count != events || count != header.events()) {
            throw new ArchiveException(file + " is damaged: its closing line counts " + count + " events, its header "
                    + header.events() + ", and it holds " + events + ".");
        }
        long keyCount = header.version() < 2 ? 0 : count(node, "keys");
        if (keyCount != keys || keyCount != header.keys()) {
            throw new ArchiveException(file + " is damaged: its closing line counts " + keyCount + " person keys, its"
                    + " header " + header.keys() + ", and it holds " + keys + ".");
        }
        if (events > 0 && lastGlobalIndex != header.lastGlobalIndex()) {
            throw invalid("the last global_index is " + lastGlobalIndex + ", the header says "
                    + header.lastGlobalIndex());
        }
        String expected = text(node, "sha256", true);
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ArchiveException(file + " is damaged or was altered: its checksum does not match its content"
                    + " (SHA-256 " + actual + ", expected " + expected + "). Export it again, or copy it again"
                    + " from the original.");
        }
    }

    private ArchivedEvent event(JsonNode node) throws ArchiveException {
        long globalIndex = count(node, "global_index");
        if (globalIndex < 1) {
            throw invalid("global_index must be 1 or more");
        }
        byte[] chainHash = hex(node, "chain_hash");
        if (chainHash != null && chainHash.length != 32) {
            throw invalid("chain_hash is not a SHA-256 hash");
        }
        byte[] payload = base64(node, "payload");
        if (payload == null) {
            throw invalid("payload is missing");
        }
        return new ArchivedEvent(globalIndex, text(node, "event_identifier", true),
                text(node, "aggregate_identifier", true), count(node, "sequence_number"), text(node, "type", false),
                text(node, "time_stamp", true), text(node, "payload_type", true),
                text(node, "payload_revision", false), payload, base64(node, "meta_data"), chainHash);
    }

    private ArchivedKey key(JsonNode node) throws ArchiveException {
        String subject = text(node, "subject", true);
        if (subject.isBlank() || subject.length() > 64) {
            throw invalid("subject is not 1 to 64 characters");
        }
        byte[] wrapped = base64(node, "wrapped_key");
        String masterKeyId = text(node, "master_key_id", false);
        Instant createdAt = instant(node, "created_at", true);
        Instant destroyedAt = instant(node, "destroyed_at", false);
        boolean live = wrapped != null && masterKeyId != null && destroyedAt == null;
        boolean tombstone = wrapped == null && masterKeyId == null && destroyedAt != null;
        if (!live && !tombstone) {
            throw invalid("the key of subject " + subject + " is neither a live key (wrapped_key and master_key_id,"
                    + " no destroyed_at) nor a tombstone (destroyed_at only)");
        }
        if (live && !masterKeyId.equals(header.masterKeyId())) {
            throw invalid("the key of subject " + subject + " is wrapped by master key " + masterKeyId
                    + ", not by the header's " + header.masterKeyId());
        }
        return new ArchivedKey(subject, wrapped, masterKeyId, createdAt, destroyedAt);
    }

    private Instant instant(JsonNode node, String field, boolean required) throws ArchiveException {
        String text = text(node, field, required);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(field + " is not an ISO-8601 instant");
        }
    }

    private JsonNode parse(String line) throws ArchiveException {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw invalid("not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalid("not valid JSON");
        }
    }

    private String readLine() throws ArchiveException {
        try {
            String line = lines.readLine();
            if (line != null) {
                lineNumber++;
            }
            return line;
        } catch (IOException e) {
            throw damaged(file, e);
        }
    }

    private void digest(String line) {
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }

    private String text(JsonNode node, String field, boolean required) throws ArchiveException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(field + " is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field + " is not a string");
        }
        return value.textValue();
    }

    private long count(JsonNode node, String field) throws ArchiveException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 0) {
            throw invalid(field + " is missing or not a whole number");
        }
        return value.longValue();
    }

    private byte[] base64(JsonNode node, String field) throws ArchiveException {
        String text = text(node, field, false);
        try {
            return text == null ? null : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field + " is not base64");
        }
    }

    private byte[] hex(JsonNode node, String field) throws ArchiveException {
        String text = text(node, field, false);
        try {
            return text == null ? null : HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field + " is not hexadecimal");
        }
    }

    private ArchiveException invalid(String problem) {
        return new ArchiveException(file + " is not a valid event archive: line " + lineNumber + ": " + problem + ".");
    }

    private static ArchiveException damaged(Path file, IOException e) {
        if (e instanceof EOFException) {
            return new ArchiveException(file + " is truncated: its compressed data ends early. Export it again, or"
                    + " copy it again from the original.", e);
        }
        if (e instanceof ZipException || e instanceof CharacterCodingException) {
            return new ArchiveException(file + " is damaged (" + e.getMessage() + "). Export it again, or copy it"
                    + " again from the original.", e);
        }
        return new ArchiveException("Could not read " + file + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            // nothing more to read
        }
    }
}
