package fr.intrascol.sync.app.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.intrascol.sync.app.IntrascolSyncApplication;
import fr.intrascol.sync.app.database.DatabaseConfiguration.DatabaseHandle;
import fr.intrascol.sync.app.privacy.keys.MasterKeyLoader;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving an installation to a new home through the real command lines: {@code export FILE} on the old
 * one, {@code import FILE} on a fresh one (another embedded database), then the same questions asked of
 * both through the HTTP API must get the same answers. And every way an archive or a target can be
 * wrong is refused with nothing written.
 * <p>
 * The persons' data are sealed under keys wrapped by the old home's master key, which the archive does
 * not hold: as an operator would, every command run for either home here is given that key
 * ({@code --intrascol.privacy.master-key=…}, the content of the old home's {@code master.key}), the
 * export because it runs on the old home's database, the new home because it must read the old home's
 * data. (ArchiveKeysTest moves it as a copied {@code master.key} file, and shows the refusal without it.)
 * <p>
 * This class has its own application context (the extra property below), hence its own database: the
 * archive holds exactly this class's schools, and no other test's deliberately broken hash chain
 * (TamperEvidenceTest), which the export would rightly refuse. It is closed after the class. (A second
 * test context is why test contexts are never paused: see src/test/resources/spring.properties.)
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = "intrascol.archive.rebuild-timeout=5m")
@DirtiesContext
class EventArchiveMoveTest extends IntegrationTest {

    /** Installation state that is configuration or cache, not history: not in an archive (docs/decisions.md). */
    private static final Set<String> NOT_ARCHIVED = Set.of("domain_event_entry", "snapshot_event_entry",
            "token_entry", "dead_letter_entry", "flyway_schema_history", "app_user", "app_user_school",
            "processing_node", "import_working_set");

    private static final String EVENTS = """
            SELECT global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                   payload_type, payload_revision, encode(payload, 'hex') AS payload,
                   encode(meta_data, 'hex') AS meta_data, encode(chain_hash, 'hex') AS chain_hash
            FROM domain_event_entry ORDER BY global_index""";

    @Autowired
    DatabaseHandle database;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MasterKeyLoader.MasterKeys masterKeys;

    private final Path work = Path.of("target", "archive-" + UUID.randomUUID());
    private History history;

    /** What the old home holds, exported once for every test of this class. */
    record History(String uai, String neighbour, String asOf, Path archive, String headsLine) {
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void an_installation_moved_to_a_new_home_answers_every_question_identically(CapturedOutput output)
            throws Exception {
        History old = history(output);
        String newHome = "--intrascol.data-dir=" + work.resolve("new-home");
        int mark = output.getOut().length();
        int imported = IntrascolSyncApplication.runImport("import", old.archive().toString(), newHome,
                "--intrascol.embedded.durable=false", "--intrascol.bootstrap.admin-password=" + ADMIN_PASSWORD,
                masterKey());
        String printed = output.getOut().substring(mark);
        assertThat(imported).as(output.getErr()).isEqualTo(0);
        long lastIndex = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
        long count = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        assertThat(printed).contains("Archive complete, checksum correct: " + count + " events")
                .contains("Imported " + count + " events (last global index " + lastIndex + ")")
                .contains("Projections rebuilt")
                .contains("Imported " + jdbc.sql("SELECT count(*) FROM person_key").query(Long.class).single()
                        + " person keys")
                .contains("Re-sealed 0 events")
                .as("the same chain heads as the old home's, in one line").contains(old.headsLine());

        try (ConfigurableApplicationContext moved = new SpringApplicationBuilder(IntrascolSyncApplication.class).run(
                "--server.port=0", newHome, "--intrascol.embedded.durable=false", masterKey())) {
            Api before = admin();
            Api after = Api.at(Integer.parseInt(moved.getEnvironment().getProperty("local.server.port")), "admin",
                    ADMIN_PASSWORD);
            JdbcClient movedJdbc = moved.getBean(JdbcClient.class);

            // the record itself, byte for byte, with the same global indexes and recomputed hashes
            assertThat(movedJdbc.sql(EVENTS).query().listOfRows()).isEqualTo(jdbc.sql(EVENTS).query().listOfRows());
            // every read model, rebuilt before the import command returned
            for (String table : readModelTables()) {
                String rows = "SELECT t::text FROM " + table + " t ORDER BY 1";
                assertThat(movedJdbc.sql(rows).query(String.class).list()).as(table)
                        .isEqualTo(jdbc.sql(rows).query(String.class).list());
            }
            assertThat(movedJdbc.sql("SELECT count(*) FROM snapshot_event_entry").query(Long.class).single())
                    .as("snapshots are not moved: they are made again when needed").isZero();

            List<String> paths = new ArrayList<>(List.of("/api/schools", "/api/audit?size=500",
                    "/api/audit?actor=admin&page=1&size=7"));
            for (String uai : List.of(old.uai(), old.neighbour())) {
                paths.addAll(List.of("/api/schools/" + uai, "/api/schools/" + uai + "/accounts",
                        "/api/schools/" + uai + "/accounts?includeErased=true",
                        "/api/schools/" + uai + "/accounts?asOf=" + old.asOf(),
                        "/api/audit?school=" + uai + "&size=500", "/api/audit?school=" + uai + "&page=2&size=5",
                        "/api/schools/" + uai + "/imports", "/api/schools/" + uai + "/audit/verify"));
                for (JsonNode account : before.get("/api/schools/" + uai + "/accounts?includeErased=true").json()) {
                    String id = account.get("accountId").asText();
                    paths.addAll(List.of("/api/accounts/" + id, "/api/accounts/" + id + "/history",
                            "/api/accounts/" + id + "/history?page=0&size=2"));
                }
                for (JsonNode planned : before.get("/api/schools/" + uai + "/imports").json()) {
                    paths.add("/api/imports/" + planned.get("importId").asText());
                }
            }
            assertThat(paths).hasSizeGreaterThan(100);
            for (String path : paths) {
                Api.Response expected = before.get(path);
                Api.Response actual = after.get(path);
                assertThat(expected.status()).as(path + " " + expected).isEqualTo(200);
                assertThat(actual.status()).as(path + " " + actual).isEqualTo(200);
                assertThat(withoutWorkingSet(actual.json())).as(path).isEqualTo(withoutWorkingSet(expected.json()));
            }
            JsonNode verified = after.get("/api/schools/" + old.uai() + "/audit/verify").json();
            assertThat(verified.get("status").asText()).isEqualTo("OK");
            assertThat(verified.get("headHash").asText()).isEqualTo(
                    before.get("/api/schools/" + old.uai() + "/audit/verify").json().get("headHash").asText());
            assertThat(printed).as("the heads digest is the documented SQL's")
                    .contains(movedJdbc.sql(HEADS_DIGEST_SQL).query(String.class).single());

            // life goes on in the new home: new events follow the imported ones and chain onto them
            createPupil(after, old.uai(), "NOUVEL", "Arrivant", "2019-01-01", "CP");
            assertThat(movedJdbc.sql("SELECT min(global_index) FROM domain_event_entry WHERE global_index > ?")
                    .param(lastIndex).query(Long.class).single()).isEqualTo(lastIndex + 1);
            JsonNode extended = after.get("/api/schools/" + old.uai() + "/audit/verify").json();
            assertThat(extended.get("status").asText()).isEqualTo("OK");
            assertThat(extended.get("events").asLong()).isEqualTo(verified.get("events").asLong() + 1);
        }
    }

    @Test
    @Order(2)
    void an_archive_is_refused_by_an_installation_that_has_events_and_nothing_changes(CapturedOutput output)
            throws Exception {
        History old = history(output);
        List<Map<String, Object>> before = jdbc.sql(EVENTS).query().listOfRows();
        JsonNode verifiedBefore = admin().get("/api/schools/" + old.uai() + "/audit/verify").json();

        int code = IntrascolSyncApplication.runImport("import", old.archive().toString(),
                "--spring.datasource.url=" + database.url(), "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + database.password(),
                "--intrascol.data-dir=" + work.resolve("unused"), masterKey());
        assertThat(code).isEqualTo(1);
        assertThat(output.getErr()).contains("The event store of this installation is not empty")
                .contains("Nothing was imported.");
        assertThat(jdbc.sql(EVENTS).query().listOfRows()).isEqualTo(before);
        assertThat(admin().get("/api/schools/" + old.uai() + "/audit/verify").json()).isEqualTo(verifiedBefore);
    }

    @Test
    @Order(3)
    void truncated_altered_or_foreign_archives_are_refused_and_nothing_is_written(CapturedOutput output)
            throws Exception {
        History old = history(output);
        Path target = work.resolve("fresh-home");
        String dataDir = "--intrascol.data-dir=" + target;
        String durable = "--intrascol.embedded.durable=false";
        String key = masterKey();
        byte[] good = Files.readAllBytes(old.archive());

        // refused before the application starts: the new home's folder is not even created
        Path cut = Files.write(work.resolve("cut.archive"), Arrays.copyOf(good, good.length * 2 / 3));
        assertRefused(output, cut, "is truncated", dataDir, durable, key);
        ArchiveLines altered = ArchiveLines.read(old.archive());
        int line = altered.event(old.uai(), 3);
        alterOnePayloadByte(altered, line);
        Path forged = altered.write(work.resolve("forged.archive"));
        assertRefused(output, forged, "checksum does not match its content", dataDir, durable, key);
        Path notAnArchive = work.resolve("extraction.csv.gz");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(Fixtures.be1d("onde-2026/0170001J.csv"));
        }
        Files.write(notAnArchive, compressed.toByteArray());
        assertRefused(output, notAnArchive, "is not an intrascol-sync event archive", dataDir, durable, key);
        assertThat(target).as("nothing was started for a file refused outright").doesNotExist();

        // checksum fixed up as well: only the hash chain, recomputed as the events go in, tells
        Path refined = altered.fixTrailer().write(work.resolve("forged-and-fixed.archive"));
        String eventId = altered.line(line).get("event_identifier").asText();
        assertRefused(output, refined, "does not match its own hash chain at school " + old.uai() + ", event 3 ("
                + altered.line(line).get("payload_type").asText().replaceAll(".*\\.", "") + ", event id "
                + eventId, dataDir, durable, key);
        // an event taken out, every count and the checksum fixed: the school's next event no longer chains
        ArchiveLines missing = ArchiveLines.read(old.archive());
        missing.lines.remove(missing.event(old.uai(), 2));
        Path holed = missing.fixTrailer().write(work.resolve("holed.archive"));
        assertRefused(output, holed, "does not match its own hash chain at school " + old.uai() + ", event 3 (",
                dataDir, durable, key);
        // an event written twice (the second time at the end, counts and checksum fixed)
        ArchiveLines doubled = ArchiveLines.read(old.archive());
        ObjectNode copy = doubled.line(doubled.event(old.uai(), 1));
        long next = doubled.line(0).get("lastGlobalIndex").asLong() + 1;
        copy.put("global_index", next);
        doubled.lines.add(doubled.afterLastEvent(), ArchiveLines.JSON.writeValueAsString(copy));
        ObjectNode doubledHeader = doubled.line(0);
        doubledHeader.put("lastGlobalIndex", next);
        doubled.set(0, doubledHeader);
        Path twice = doubled.fixTrailer().write(work.resolve("twice.archive"));
        assertRefused(output, twice, "holds two events with the same identifier, or the same school and sequence"
                + " number", dataDir, durable, key);
        // an archive of a newer application than this one
        ArchiveLines newer = ArchiveLines.read(old.archive());
        ObjectNode header = newer.line(0);
        header.put("schemaVersion", "999");
        newer.set(0, header);
        Path future = newer.fixTrailer().write(work.resolve("future.archive"));
        assertRefused(output, future, "was exported by a newer intrascol-sync (database schema version 999)",
                dataDir, durable, key);

        try (ConfigurableApplicationContext fresh = new SpringApplicationBuilder(IntrascolSyncApplication.class)
                .web(WebApplicationType.NONE).run(dataDir, durable, key)) {
            JdbcClient freshJdbc = fresh.getBean(JdbcClient.class);
            assertThat(freshJdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single()).isZero();
            assertThat(freshJdbc.sql("SELECT count(*) FROM snapshot_event_entry").query(Long.class).single()).isZero();
            for (String table : readModelTables()) {
                assertThat(freshJdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()).as(table)
                        .isZero();
            }
        }
        // and that installation is still a new home for the genuine archive
        assertThat(IntrascolSyncApplication.runImport("import", old.archive().toString(), dataDir, durable, key))
                .as(output.getErr()).isEqualTo(0);
    }

    @Test
    @Order(4)
    void export_never_overwrites_a_file_unless_forced_and_writes_it_for_its_owner_only(CapturedOutput output)
            throws Exception {
        History old = history(output);
        byte[] before = Files.readAllBytes(old.archive());
        assertThat(IntrascolSyncApplication.runExport("export", old.archive().toString(), "--intrascol.data-dir=x"))
                .isEqualTo(1);
        assertThat(output.getErr()).contains(old.archive() + " exists already; give another FILE, or --force");
        assertThat(Files.readAllBytes(old.archive())).isEqualTo(before);

        assertThat(export("--force", old.archive().toString()))
                .as(output.getErr()).isEqualTo(0);
        assertThat(Files.readAllBytes(old.archive())).isNotEqualTo(before); // a new exportedAt
        assertThat(EventArchiveReader.verify(old.archive()).events()).isEqualTo(ArchiveLines.read(old.archive())
                .events());
        assertThat(EventArchiveReader.verify(old.archive()).keys()).isEqualTo(ArchiveLines.read(old.archive())
                .keys()).isEqualTo(jdbc.sql("SELECT count(*) FROM person_key").query(Long.class).single());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old.archive()))).isEqualTo("rw-------");
        try (var files = Files.list(old.archive().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .noneMatch(name -> name.endsWith(".part"));
        }

        assertThat(IntrascolSyncApplication.runExport("export", old.archive().toString(), "extra")).isEqualTo(2);
        assertThat(output.getErr()).contains("One FILE only").contains("Usage: java -jar intrascol-sync.jar export");
    }

    @Test
    @Order(5)
    void export_refuses_a_store_whose_hash_chain_is_broken(CapturedOutput output) throws Exception {
        history(output);
        String uai = registerSchool("École falsifiée");
        createPupil(admin(), uai, "GIRARD", "Paul", "2017-06-06", "CE2");
        byte[] original = jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND sequence_number = 1").param(uai).query(byte[].class).single();
        byte[] edited = original.clone();
        edited[edited.length / 2] ^= 1;
        jdbc.sql("UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 1")
                .params(edited, uai).update();
        try {
            Path file = work.resolve("broken.archive");
            assertThat(export(file.toString())).isEqualTo(1);
            assertThat(output.getErr()).contains("The hash chain of school " + uai + " is broken: school " + uai
                    + ", event 1 (AccountCreated").contains("Nothing was written");
            assertThat(file).doesNotExist();
            try (var files = Files.list(work)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
            }
        } finally {
            jdbc.sql("UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 1")
                    .params(original, uai).update();
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Two schools with imports (applied, rolled back, planned, rejected) and edits by hand; exported. */
    private History history(CapturedOutput output) throws Exception {
        if (history != null) {
            return history;
        }
        Files.createDirectories(work);
        String uai = registerSchool("École du déménagement");
        String year1 = applyFixture(uai, "onde-2026/0170001J.csv");
        JsonNode pupil = createPupil(admin(), uai, "LEROY", "Inès", "2018-05-05", "CE1");
        String id = pupil.get("accountId").asText();
        assertThat(admin().patch("/api/accounts/" + id, Map.of("lastName", "LEROY-MARTIN", "reason",
                "erreur de saisie"), Map.of()).status()).isEqualTo(200);
        assertThat(admin().post("/api/accounts/" + id + "/password-reset", Map.of()).status()).isEqualTo(200);
        Thread.sleep(5);
        String asOf = Instant.now().toString();
        Thread.sleep(5);
        String year2 = applyFixture(uai, "onde-2027/0170001J.csv");
        assertThat(admin().post("/api/imports/" + year2 + "/rollback", Map.of("reason", "mauvais fichier"))
                .status()).isEqualTo(200);
        Api.Response planned = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                Fixtures.be1d("onde-2027/0170001J.csv"));
        assertThat(planned.status()).as(planned.toString()).isEqualTo(201);
        assertThat(admin().upload("/api/schools/" + uai + "/imports", "vide.csv", Fixtures.be1d("bad/empty.csv"))
                .status()).isBetween(400, 499);
        assertThat(admin().patch("/api/accounts/" + id, Map.of("status", "SUSPENDED", "reason", "départ"),
                Map.of()).status()).isEqualTo(200);
        assertThat(year1).isNotEqualTo(year2);

        String neighbour = registerSchool("École voisine");
        createPupil(admin(), neighbour, "BLANC", "Léon", "2016-10-10", "CM1");

        Path archive = work.resolve("intrascol.archive");
        int mark = output.getOut().length();
        int code = export(archive.toString());
        assertThat(code).as(output.getErr()).isEqualTo(0);
        String printed = output.getOut().substring(mark);
        long count = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        assertThat(printed).contains("Exported " + count + " events");
        String headsLine = printed.lines().filter(l -> l.startsWith("Hash chains: ")).findFirst().orElseThrow();
        assertThat(headsLine).startsWith("Hash chains: 2 school head hashes, heads digest ")
                .endsWith(jdbc.sql(HEADS_DIGEST_SQL).query(String.class).single());
        history = new History(uai, neighbour, asOf, archive, headsLine);
        return history;
    }

    /**
     * A plan not applied yet shows its detail (changes, probable renames, warnings, problems) from the
     * command side's working set, personal data kept apart from the events and not archived
     * (docs/operations.md, "What an archive holds"): the new home shows the plan and its counts only. Any
     * other answer is compared whole.
     */
    private static JsonNode withoutWorkingSet(JsonNode answer) {
        if (!answer.isObject() || !answer.has("importId") || !"PLANNED".equals(answer.path("status").asText())) {
            return answer;
        }
        ObjectNode copy = answer.deepCopy();
        copy.remove(List.of("changes", "probableRenames", "warnings", "problems"));
        return copy;
    }

    /** The documented SQL for the heads digest (docs/operations.md). */
    static final String HEADS_DIGEST_SQL = """
            SELECT encode(sha256(convert_to(string_agg(aggregate_identifier || ' '
                   || coalesce(encode(chain_hash, 'hex'), '-') || chr(10), ''
                   ORDER BY aggregate_identifier COLLATE "C"), 'UTF8')), 'hex')
            FROM (SELECT DISTINCT ON (aggregate_identifier) aggregate_identifier, chain_hash FROM domain_event_entry
                  ORDER BY aggregate_identifier, sequence_number DESC) heads""";

    /** An applied import whose credentials sheet has been taken (it lives in one server's memory only). */
    private String applyFixture(String uai, String fixture) {
        Api.Response planned = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                Fixtures.be1d(fixture));
        assertThat(planned.status()).as(planned.toString()).isEqualTo(201);
        String importId = planned.json().get("importId").asText();
        Api.Response applied = admin().post("/api/imports/" + importId + "/apply", Map.of());
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        if (applied.json().get("credentialsSheet").isTextual()) {
            assertThat(admin().download("/api/imports/" + importId + "/credentials.pdf").statusCode()).isEqualTo(200);
        }
        return importId;
    }

    /** An export of the old home's database, run beside the running test application. */
    private int export(String... args) {
        List<String> all = new ArrayList<>(List.of("export"));
        all.addAll(List.of(args));
        all.addAll(List.of("--spring.datasource.url=" + database.url(), "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + database.password(),
                "--intrascol.data-dir=" + work.resolve("unused"), masterKey()));
        return IntrascolSyncApplication.runExport(all.toArray(String[]::new));
    }

    /**
     * The old home's master key, as an operator passes it to a process of that installation, or to the new
     * home (docs/operations.md, "Moving to a new home"): the content of its {@code master.key}.
     */
    private String masterKey() {
        try {
            return "--intrascol.privacy.master-key=" + Files.readString(masterKeys.file()).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> readModelTables() {
        return jdbc.sql("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name""")
                .query(String.class).list().stream().filter(t -> !NOT_ARCHIVED.contains(t)).toList();
    }

    private static void alterOnePayloadByte(ArchiveLines archive, int line) throws Exception {
        ObjectNode event = archive.line(line);
        byte[] payload = Base64.getDecoder().decode(event.get("payload").asText());
        payload[payload.length / 2] ^= 1;
        event.put("payload", Base64.getEncoder().encodeToString(payload));
        archive.set(line, event);
    }

    private void assertRefused(CapturedOutput output, Path archive, String why, String... properties) {
        int mark = output.getErr().length();
        List<String> args = new ArrayList<>(List.of("import", archive.toString()));
        args.addAll(List.of(properties));
        int code = IntrascolSyncApplication.runImport(args.toArray(String[]::new));
        String err = output.getErr().substring(mark);
        assertThat(code).as(err).isEqualTo(1);
        assertThat(err).contains(why).contains("Nothing was imported.");
    }
}
