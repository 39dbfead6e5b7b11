package fr.intrascol.sync.app.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An archive's lines, to damage them the way a careless copy or a forger would: read, change,
 * optionally fix up the trailer's count and checksum, write back.
 */
final class ArchiveLines {

    static final ObjectMapper JSON = new ObjectMapper();

    final List<String> lines;

    private ArchiveLines(List<String> lines) {
        this.lines = lines;
    }

    static ArchiveLines read(Path archive) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new ArchiveLines(new ArrayList<>(Arrays.asList(text.split("\n"))));
        }
    }

    ObjectNode line(int index) throws IOException {
        return (ObjectNode) JSON.readTree(lines.get(index));
    }

    void set(int index, ObjectNode node) throws IOException {
        lines.set(index, JSON.writeValueAsString(node));
    }

    /** The index of the first event line of {@code uai} with that sequence number. */
    int event(String uai, long sequence) throws IOException {
        for (int i = 1; i < lines.size() - 1; i++) {
            ObjectNode node = line(i);
            if (node.has("aggregate_identifier") && node.get("aggregate_identifier").asText().equals(uai)
                    && node.get("sequence_number").asLong() == sequence) {
                return i;
            }
        }
        throw new AssertionError("no event " + sequence + " of " + uai);
    }

    /** The number of event lines (those with a global index). */
    int events() throws IOException {
        int events = 0;
        for (int i = 1; i < lines.size() - 1; i++) {
            events += line(i).has("global_index") ? 1 : 0;
        }
        return events;
    }

    /** The number of key lines (those naming a subject). */
    int keys() throws IOException {
        int keys = 0;
        for (int i = 1; i < lines.size() - 1; i++) {
            keys += line(i).has("subject") ? 1 : 0;
        }
        return keys;
    }

    /** The index just after the last event line: where an event added at the end goes. */
    int afterLastEvent() throws IOException {
        return 1 + events();
    }

    /** The header's counts and the trailer made to match the lines again: counts and checksum. */
    ArchiveLines fixTrailer() throws Exception {
        ObjectNode header = line(0);
        int events = events();
        int keys = keys();
        header.put("events", events);
        if (header.get("version").asInt() >= 2) {
            header.put("keys", keys);
        }
        set(0, header);
        ObjectNode trailer = line(lines.size() - 1);
        trailer.put("events", events);
        if (header.get("version").asInt() >= 2) {
            trailer.put("keys", keys);
        }
        set(lines.size() - 1, trailer);
        return fixChecksum();
    }

    /** The trailer's checksum made to match the lines again, and nothing else. */
    ArchiveLines fixChecksum() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < lines.size() - 1; i++) {
            digest.update((lines.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode trailer = line(lines.size() - 1);
        trailer.put("sha256", HexFormat.of().formatHex(digest.digest()));
        set(lines.size() - 1, trailer);
        return this;
    }

    Path write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (String line : lines) {
                gzip.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.write(file, bytes.toByteArray());
        return file;
    }
}
