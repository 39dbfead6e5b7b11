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
 * Reads an archive ({@link EventArchive}) one event at a time and checks it as it goes: the header,
 * every event line's fields, the {@code global_index} order, and at the end the trailer's count and
 * checksum. {@link #next()} answers null only once the trailer has been checked, so a caller that
 * reached the end has read a complete, unaltered archive; anything else is an {@link ArchiveException}.
 */
final class EventArchiveReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedReader lines;
    private final MessageDigest digest = EventArchiveWriter.sha256();
    private final EventArchive.Header header;
    private long lineNumber;
    private long events;
    private long lastGlobalIndex;
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
            return reader.header();
        }
    }

    EventArchive.Header header() {
        return header;
    }

    /** The next event, or null after the trailer (checked: count and checksum). */
    ArchivedEvent next() throws ArchiveException {
        if (ended) {
            return null;
        }
        String line = readLine();
        if (line == null) {
            throw new ArchiveException(file + " is truncated: it ends after " + events + " of its " + header.events()
                    + " events, without its closing line. Export it again, or copy it again from the original.");
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
        if (version.intValue() != EventArchive.VERSION) {
            throw new ArchiveException(file + " is an event archive of format version " + version.intValue()
                    + "; this build reads version " + EventArchive.VERSION + " only."
                    + (version.intValue() > EventArchive.VERSION ? " Use a newer intrascol-sync." : ""));
        }
        digest(line);
        Instant exportedAt;
        try {
            exportedAt = Instant.parse(text(node, "exportedAt", true));
        } catch (DateTimeParseException e) {
            throw invalid("exportedAt is not an ISO-8601 instant");
        }
        return new EventArchive.Header(version.intValue(), exportedAt, count(node, "events"),
                count(node, "lastGlobalIndex"), text(node, "schemaVersion", false));
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
