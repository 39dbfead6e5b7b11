package fr.intrascol.sync.app.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive format on its own: what is written is read back exactly, and damage is always noticed. */
class EventArchiveFormatTest {

    @TempDir
    Path folder;

    private static final ArchivedEvent FIRST = new ArchivedEvent(1, "e-1", "0170001J", 0, "School",
            "2026-09-01T08:00:00.123Z", "fr.intrascol.sync.message.event.SchoolRegistered", null,
            "{\"name\":\"École des Pins\"}".getBytes(StandardCharsets.UTF_8), null, null);
    private static final ArchivedEvent SECOND = new ArchivedEvent(7, "e-7", "0170001J", 1, null,
            "2026-09-01T08:00:01Z", "fr.intrascol.sync.message.event.AccountCreated", "2",
            new byte[]{0, 1, (byte) 0xff, '\n', '"'}, "{\"actor\":\"zoé\"}".getBytes(StandardCharsets.UTF_8),
            new byte[32]);

    private Path archive(ArchivedEvent... events) throws IOException {
        Path file = folder.resolve("store.archive");
        long last = events.length == 0 ? 0 : events[events.length - 1].globalIndex();
        try (OutputStream out = Files.newOutputStream(file)) {
            EventArchiveWriter writer = new EventArchiveWriter(out, new EventArchive.Header(EventArchive.VERSION,
                    Instant.parse("2026-11-26T10:00:00Z"), events.length, last, "6"));
            for (ArchivedEvent event : events) {
                writer.write(event);
            }
            writer.finish();
        }
        return file;
    }

    private static List<ArchivedEvent> readAll(Path file) throws ArchiveException {
        List<ArchivedEvent> events = new ArrayList<>();
        try (EventArchiveReader reader = EventArchiveReader.open(file)) {
            ArchivedEvent event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }

    @Test
    void every_column_comes_back_exactly_and_the_file_is_plain_ascii() throws Exception {
        Path file = archive(FIRST, SECOND);
        List<ArchivedEvent> events = readAll(file);
        assertThat(events).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ArchivedEvent expected = i == 0 ? FIRST : SECOND;
            ArchivedEvent actual = events.get(i);
            assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
            assertThat(actual.payload()).isEqualTo(expected.payload());
        }
        assertThat(events.get(0).metaData()).isNull();
        assertThat(events.get(0).chainHash()).isNull();
        assertThat(events.get(1).type()).isNull();

        byte[] text;
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            text = in.readAllBytes();
        }
        for (byte b : text) {
            assertThat(b & 0xff).as("ASCII only").isLessThan(128);
        }
        ArchiveLines lines = ArchiveLines.read(file);
        assertThat(lines.lines).hasSize(4);
        assertThat(lines.line(0).get("format").asText()).isEqualTo("intrascol-sync-event-archive");
        assertThat(lines.line(0).get("events").asLong()).isEqualTo(2);
        assertThat(lines.line(1).get("payload").asText()).isEqualTo(
                java.util.Base64.getEncoder().encodeToString(FIRST.payload()));
        assertThat(lines.line(2).get("chain_hash").asText()).isEqualTo("0".repeat(64));
        assertThat(lines.line(3).get("sha256").asText()).hasSize(64);
        assertThat(EventArchiveReader.verify(file).events()).isEqualTo(2);
    }

    private static final ArchivedKey LIVE = new ArchivedKey("acc-1", new byte[]{1, 2, 3, (byte) 0xfe}, "00112233aabbccdd",
            Instant.parse("2026-09-01T08:00:00.123456Z"), null);
    private static final ArchivedKey TOMBSTONE = new ArchivedKey("acc-2", null, null,
            Instant.parse("2026-09-01T08:00:01Z"), Instant.parse("2026-10-01T12:00:00.5Z"));

    private Path archiveWithKeys(String masterKeyId, ArchivedKey... keys) throws IOException {
        Path file = folder.resolve("store-with-keys.archive");
        try (OutputStream out = Files.newOutputStream(file)) {
            EventArchiveWriter writer = new EventArchiveWriter(out, new EventArchive.Header(EventArchive.VERSION,
                    Instant.parse("2026-11-26T10:00:00Z"), 2, 7, "11", keys.length, masterKeyId));
            writer.write(FIRST);
            writer.write(SECOND);
            for (ArchivedKey key : keys) {
                writer.write(key);
            }
            writer.finish();
        }
        return file;
    }

    @Test
    void key_lines_follow_the_events_wrapped_as_stored_and_are_covered_by_the_checksum() throws Exception {
        Path file = archiveWithKeys(LIVE.masterKeyId(), LIVE, TOMBSTONE);
        List<ArchivedKey> keys = new ArrayList<>();
        try (EventArchiveReader reader = EventArchiveReader.open(file)) {
            assertThat(reader.header().version()).isEqualTo(2);
            assertThat(reader.header().keys()).isEqualTo(2);
            assertThat(reader.header().masterKeyId()).isEqualTo("00112233aabbccdd");
            assertThat(reader.next()).usingRecursiveComparison().isEqualTo(FIRST);
            // the events not read yet are skipped (and checked) by nextKey()
            ArchivedKey key;
            while ((key = reader.nextKey()) != null) {
                keys.add(key);
            }
            assertThat(reader.next()).isNull();
        }
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0)).usingRecursiveComparison().isEqualTo(LIVE);
        assertThat(keys.get(0).live()).isTrue();
        assertThat(keys.get(1)).usingRecursiveComparison().isEqualTo(TOMBSTONE);
        assertThat(keys.get(1).live()).isFalse();
        assertThat(EventArchiveReader.verify(file).keys()).isEqualTo(2);

        ArchiveLines lines = ArchiveLines.read(file);
        assertThat(lines.lines).hasSize(6);
        assertThat(lines.line(0).get("keys").asInt()).isEqualTo(2);
        assertThat(lines.line(3).get("subject").asText()).isEqualTo("acc-1");
        assertThat(lines.line(3).get("wrapped_key").asText()).isEqualTo("AQID/g==");
        assertThat(lines.line(3).get("created_at").asText()).isEqualTo("2026-09-01T08:00:00.123456Z");
        assertThat(lines.line(4).get("wrapped_key").isNull()).isTrue();
        assertThat(lines.line(4).get("master_key_id").isNull()).isTrue();
        assertThat(lines.line(5).get("keys").asInt()).isEqualTo(2);

        // a key line altered: the checksum says so
        ArchiveLines altered = ArchiveLines.read(file);
        var live = altered.line(3);
        live.put("wrapped_key", "AQID/w==");
        altered.set(3, live);
        Path forged = altered.write(folder.resolve("forged-key"));
        assertThatThrownBy(() -> EventArchiveReader.verify(forged)).hasMessageContaining("checksum does not match");
        // a tombstone brought back to life, checksum fixed: a live key needs its master key id, the header's
        var revived = altered.line(4);
        revived.put("wrapped_key", "AQID/w==");
        revived.putNull("destroyed_at");
        altered.set(4, revived);
        Path halfKey = altered.fixTrailer().write(folder.resolve("half-key"));
        assertThatThrownBy(() -> EventArchiveReader.verify(halfKey))
                .hasMessageContaining("neither a live key").hasMessageContaining("acc-2");
        revived.put("master_key_id", "ffffffffffffffff");
        altered.set(4, revived);
        Path otherMaster = altered.fixTrailer().write(folder.resolve("other-master"));
        assertThatThrownBy(() -> EventArchiveReader.verify(otherMaster))
                .hasMessageContaining("wrapped by master key ffffffffffffffff, not by the header's 00112233aabbccdd");
        // a key line taken out, checksum fixed: the counts say so
        ArchiveLines missing = ArchiveLines.read(file);
        missing.lines.remove(4);
        Path fewer = missing.fixChecksum().write(folder.resolve("fewer-keys"));
        assertThatThrownBy(() -> EventArchiveReader.verify(fewer)).hasMessageContaining("person keys");
        // truncated in the keys
        ArchiveLines cut = ArchiveLines.read(file);
        cut.lines.remove(cut.lines.size() - 1);
        Path noEnd = cut.write(folder.resolve("keys-no-end"));
        assertThatThrownBy(() -> EventArchiveReader.verify(noEnd)).hasMessageContaining("truncated")
                .hasMessageContaining("2 of its 2 person keys");
        // an event after the keys
        ArchiveLines late = ArchiveLines.read(file);
        late.lines.add(5, late.lines.get(1));
        Path eventAfter = late.write(folder.resolve("event-after-keys"));
        assertThatThrownBy(() -> EventArchiveReader.verify(eventAfter))
                .hasMessageContaining("an event line after the key lines");
    }

    @Test
    void version_1_archives_written_before_person_keys_are_still_read() throws Exception {
        Path file = folder.resolve("v1.archive");
        try (OutputStream out = Files.newOutputStream(file)) {
            EventArchiveWriter writer = new EventArchiveWriter(out, new EventArchive.Header(1,
                    Instant.parse("2026-11-26T10:00:00Z"), 2, 7, "10"));
            writer.write(FIRST);
            writer.write(SECOND);
            assertThatThrownBy(() -> writer.write(LIVE)).hasMessageContaining("no key lines");
            writer.finish();
        }
        ArchiveLines lines = ArchiveLines.read(file);
        assertThat(lines.line(0).has("keys")).isFalse();
        assertThat(lines.line(0).has("masterKeyId")).isFalse();
        assertThat(lines.line(3).has("keys")).isFalse();
        EventArchive.Header header = EventArchiveReader.verify(file);
        assertThat(header.version()).isEqualTo(1);
        assertThat(header.keys()).isZero();
        assertThat(header.masterKeyId()).isNull();
        assertThat(readAll(file)).hasSize(2);

        // a key line has no place in a version 1 archive
        lines.lines.add(3, ArchiveLines.JSON.writeValueAsString(java.util.Map.of("subject", "acc-1",
                "created_at", "2026-09-01T08:00:00Z", "destroyed_at", "2026-09-02T08:00:00Z")));
        Path withKey = lines.fixTrailer().write(folder.resolve("v1-with-key"));
        assertThatThrownBy(() -> EventArchiveReader.verify(withKey))
                .hasMessageContaining("a key line in an archive of version 1");
    }

    @Test
    void an_empty_store_gives_a_valid_archive() throws Exception {
        assertThat(readAll(archive())).isEmpty();
    }

    @Test
    void truncation_alteration_and_foreign_files_are_refused() throws Exception {
        Path good = archive(FIRST, SECOND);
        byte[] bytes = Files.readAllBytes(good);

        Path cut = Files.write(folder.resolve("cut"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> EventArchiveReader.verify(cut)).hasMessageContaining("truncated");

        ArchiveLines withoutTrailer = ArchiveLines.read(good);
        withoutTrailer.lines.remove(withoutTrailer.lines.size() - 1);
        Path noEnd = withoutTrailer.write(folder.resolve("no-end"));
        assertThatThrownBy(() -> EventArchiveReader.verify(noEnd)).hasMessageContaining("truncated")
                .hasMessageContaining("ends after 2 of its 2 events");

        ArchiveLines altered = ArchiveLines.read(good);
        var event = altered.line(2);
        event.put("time_stamp", "2026-09-01T08:00:02Z");
        altered.set(2, event);
        Path forged = altered.write(folder.resolve("forged"));
        assertThatThrownBy(() -> EventArchiveReader.verify(forged)).hasMessageContaining("checksum does not match");

        ArchiveLines extra = ArchiveLines.read(good);
        extra.lines.add("{}");
        Path after = extra.write(folder.resolve("after"));
        assertThatThrownBy(() -> EventArchiveReader.verify(after)).hasMessageContaining("data after its closing line");

        ArchiveLines swapped = ArchiveLines.read(good);
        String first = swapped.lines.get(1);
        swapped.lines.set(1, swapped.lines.get(2));
        swapped.lines.set(2, first);
        Path disordered = swapped.fixTrailer().write(folder.resolve("disordered"));
        assertThatThrownBy(() -> EventArchiveReader.verify(disordered)).hasMessageContaining("global_index order");

        ArchiveLines newer = ArchiveLines.read(good);
        var header = newer.line(0);
        header.put("version", 3);
        newer.set(0, header);
        Path version3 = newer.fixTrailer().write(folder.resolve("v3"));
        assertThatThrownBy(() -> EventArchiveReader.verify(version3)).hasMessageContaining("format version 3")
                .hasMessageContaining("Use a newer intrascol-sync");

        Path csv = Files.writeString(folder.resolve("extraction.csv"), "Nom;Prénom\n");
        assertThatThrownBy(() -> EventArchiveReader.verify(csv)).hasMessageContaining("not a gzip file");
        Path gzippedCsv = folder.resolve("extraction.csv.gz");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("Nom;Prénom\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(gzippedCsv, compressed.toByteArray());
        assertThatThrownBy(() -> EventArchiveReader.verify(gzippedCsv))
                .hasMessageContaining("not an intrascol-sync event archive");
    }

    @Test
    void import_dispatches_to_the_archive_only_for_one_gzip_file() throws Exception {
        Path archive = archive(FIRST);
        Path csv = Files.writeString(folder.resolve("0170001J.csv"), "Nom;Prénom\n");
        assertThat(ArchiveCommands.namesAnArchive("import", archive.toString())).isTrue();
        assertThat(ArchiveCommands.namesAnArchive("import", archive.toString(), "--intrascol.data-dir=x")).isTrue();
        assertThat(ArchiveCommands.namesAnArchive("import", csv.toString())).isFalse();
        assertThat(ArchiveCommands.namesAnArchive("import", folder.toString())).isFalse();
        assertThat(ArchiveCommands.namesAnArchive("import", "--school", "0170001J", archive.toString())).isFalse();
        assertThat(ArchiveCommands.namesAnArchive("import", "--school=0170001J", archive.toString())).isFalse();
        assertThat(ArchiveCommands.namesAnArchive("import", "--apply", archive.toString())).isFalse();
        assertThat(ArchiveCommands.namesAnArchive("import", folder.resolve("missing").toString())).isFalse();
    }

    @Test
    void schema_versions_compare_number_by_number() {
        assertThat(EventArchive.compareVersions("10", "9")).isPositive();
        assertThat(EventArchive.compareVersions("6", "6.0")).isZero();
        assertThat(EventArchive.compareVersions("6.1", "7")).isNegative();
        assertThat(EventArchive.compareVersions(null, "6")).isNegative();
    }
}
