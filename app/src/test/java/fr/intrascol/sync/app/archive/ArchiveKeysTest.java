package fr.intrascol.sync.app.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fr.intrascol.sync.app.IntrascolSyncApplication;
import fr.intrascol.sync.app.audit.EventChain;
import fr.intrascol.sync.app.database.DatabaseConfiguration.DatabaseHandle;
import fr.intrascol.sync.app.privacy.keys.MasterKeyLoader;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persons' data keys in the event archive (format version 2): an archive holds the personal data
 * sealed and the keys wrapped, never in clear; the master key travels apart, and without it a new home
 * refuses the archive with nothing written; with it (the old home's {@code master.key} copied over, as
 * docs/operations.md tells the operator) everything reads back and an erased person stays erased; and the
 * archive is the one-time migration of stores written in clear by earlier versions: they are sealed on
 * import, and the operator is told to destroy the old copies.
 * <p>
 * Its own application context and database (the extra property below), like EventArchiveMoveTest: the
 * archive holds exactly this class's schools. Closed after the class.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = {"intrascol.archive.rebuild-timeout=5m", "intrascol.test.context=archive-keys"})
@DirtiesContext
class ArchiveKeysTest extends IntegrationTest {

    /** Surnames found nowhere else: a pupil imported from a file, one created by hand, one erased. */
    private static final String IMPORTED = "QUINCAMPOIXIA";
    private static final String MANUAL = "BERTHOLLETINA";
    private static final String ERASED = "EFFACEMENTOSIA";
    private static final String INE = "731000002AB";
    /** How an earlier version's event serializer wrote values: plain Jackson, nothing sealed. */
    private static final ObjectMapper PLAIN = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String DURABLE = "--intrascol.embedded.durable=false";
    private static final String ADMIN = "--intrascol.bootstrap.admin-password=" + ADMIN_PASSWORD;

    @Autowired
    DatabaseHandle database;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MasterKeyLoader.MasterKeys masterKeys;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    private final Path work = Path.of("target", "archive-keys-" + UUID.randomUUID());
    private Old old;

    /** What the old home holds, exported once for every test. */
    record Old(String uai, String importId, String importedId, String manualId, String manualLogin, String erasedId,
               String erasedLogin, String rolledBackUai, String rolledBackImportId, Path archive) {
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void an_archive_holds_the_personal_data_sealed_and_the_keys_wrapped_never_in_clear() throws Exception {
        Old old = old();
        ArchiveLines lines = ArchiveLines.read(old.archive());
        String text = String.join("\n", lines.lines);
        String decoded = decoded(lines);
        assertThat(decoded).as("decoded payloads").contains("\"sealed\"");
        for (String clear : clearValues(old)) {
            assertThat(text.toLowerCase(Locale.ROOT)).as("archive lines").doesNotContain(clear);
            assertThat(decoded.toLowerCase(Locale.ROOT)).as("decoded payloads and metadata").doesNotContain(clear);
        }
        assertThat(text).as("the master key never travels with the archive")
                .doesNotContain(Files.readString(masterKeys.file()).trim());

        ObjectNode header = lines.line(0);
        long keys = jdbc.sql("SELECT count(*) FROM person_key").query(Long.class).single();
        assertThat(header.get("version").asInt()).isEqualTo(2);
        assertThat(header.get("keys").asLong()).isEqualTo(keys).isEqualTo(lines.keys()).isGreaterThanOrEqualTo(4);
        assertThat(header.get("masterKeyId").asText()).isEqualTo(masterKeys.wrapping().id());
        Map<String, JsonNode> bySubject = new HashMap<>();
        for (int i = lines.afterLastEvent(); i < lines.lines.size() - 1; i++) {
            bySubject.put(lines.line(i).get("subject").asText(), lines.line(i));
        }
        for (String live : List.of(old.importedId(), old.manualId())) {
            Map<String, Object> row = jdbc.sql("SELECT wrapped_key, master_key_id FROM person_key WHERE subject = ?")
                    .param(live).query().singleRow();
            assertThat(bySubject.get(live).get("wrapped_key").asText()).as("wrapped as stored")
                    .isEqualTo(Base64.getEncoder().encodeToString((byte[]) row.get("wrapped_key")));
            assertThat(bySubject.get(live).get("master_key_id").asText()).isEqualTo(row.get("master_key_id"));
            assertThat(bySubject.get(live).get("destroyed_at").isNull()).isTrue();
        }
        JsonNode tombstone = bySubject.get(old.erasedId());
        assertThat(tombstone.get("wrapped_key").isNull()).as("the erased person's key is a tombstone").isTrue();
        assertThat(tombstone.get("master_key_id").isNull()).isTrue();
        assertThat(tombstone.get("destroyed_at").asText()).isNotBlank();
        assertThat(lines.line(lines.lines.size() - 1).get("keys").asLong()).isEqualTo(keys);
    }

    @Test
    @Order(2)
    void without_the_old_master_key_the_import_is_refused_and_writes_nothing_with_it_everything_reads_back(
            CapturedOutput output) throws Exception {
        Old old = old();
        Path home = work.resolve("new-home");
        String dataDir = "--intrascol.data-dir=" + home;

        // the operator forgot the master key: the new home made its own, which wraps nothing of the archive
        int mark = output.getErr().length();
        assertThat(IntrascolSyncApplication.runImport("import", old.archive().toString(), dataDir, DURABLE, ADMIN))
                .isEqualTo(1);
        String err = output.getErr().substring(mark);
        assertThat(err).contains("holds person keys wrapped by master key " + masterKeys.wrapping().id())
                .contains("The master key is never in an archive: it travels apart")
                .contains("copy the old home's master key file")
                .contains(home.getFileName() + "/master.key")
                .contains("Nothing was imported.");
        // or gave another key as the secret
        mark = output.getErr().length();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String wrongKey = "--intrascol.privacy.master-key=" + Base64.getEncoder().encodeToString(random);
        assertThat(IntrascolSyncApplication.runImport("import", old.archive().toString(), dataDir, DURABLE, ADMIN,
                wrongKey)).isEqualTo(1);
        assertThat(output.getErr().substring(mark)).contains("set intrascol.privacy.master-key")
                .contains("Nothing was imported.");
        try (ConfigurableApplicationContext fresh = new SpringApplicationBuilder(IntrascolSyncApplication.class)
                .web(WebApplicationType.NONE).run(dataDir, DURABLE)) {
            JdbcClient freshJdbc = fresh.getBean(JdbcClient.class);
            for (String table : List.of("domain_event_entry", "snapshot_event_entry", "person_key", "account",
                    "school")) {
                assertThat(freshJdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()).as(table)
                        .isZero();
            }
        }

        // with the old home's master.key copied over the new home's
        copyMasterKey(home);
        mark = output.getOut().length();
        assertThat(IntrascolSyncApplication.runImport("import", old.archive().toString(), dataDir, DURABLE, ADMIN))
                .as(output.getErr()).isEqualTo(0);
        long keys = jdbc.sql("SELECT count(*) FROM person_key").query(Long.class).single();
        assertThat(output.getOut().substring(mark))
                .contains("Imported " + keys + " person keys (1 of them erased persons, who stay erased)")
                .contains("every hash recomputed on insert equals the archive's")
                .contains("Re-sealed 0 events").doesNotContain("WARNING");

        try (ConfigurableApplicationContext moved = server(dataDir)) {
            Api after = api(moved);
            JdbcClient movedJdbc = moved.getBean(JdbcClient.class);
            String keysSql = "SELECT t::text FROM person_key t ORDER BY 1";
            assertThat(movedJdbc.sql(keysSql).query(String.class).list()).as("the keys, wrapped as they were")
                    .isEqualTo(jdbc.sql(keysSql).query(String.class).list());
            assertSameAnswers(after, old.uai(), old.rolledBackUai());
            assertThat(after.get("/api/accounts/" + old.importedId()).json().get("lastName").asText())
                    .isEqualTo(IMPORTED);
            assertThat(after.get("/api/accounts/" + old.manualId()).json().get("login").asText())
                    .isEqualTo(old.manualLogin());
            assertErased(after, movedJdbc, old.erasedId());
        }
    }

    @Test
    @Order(3)
    void an_upgraded_store_still_holding_clear_events_is_sealed_on_import_and_an_erased_person_stays_erased(
            CapturedOutput output) throws Exception {
        Old old = old();
        // what a store of an earlier version, upgraded in place, holds: its first events in clear (the
        // erased person's too: erasing destroyed the key, and the clear event stayed)
        ArchiveLines lines = ArchiveLines.read(old.archive());
        JsonNode manual = admin().get("/api/accounts/" + old.manualId()).json();
        clearAccountCreated(lines, old.manualId(), new PersonalData(new PersonName(manual.get("lastName").asText(),
                manual.get("usageName").asText(null), manual.get("firstName").asText()),
                LocalDate.parse(manual.get("birthDate").asText()), manual.get("ine").asText(null)),
                old.manualLogin());
        clearAccountCreated(lines, old.erasedId(), new PersonalData(new PersonName(ERASED, null, "Gaspard"),
                LocalDate.parse("2017-03-03"), null), old.erasedLogin());
        rechain(lines);
        Path upgraded = lines.fixTrailer().write(work.resolve("upgraded.archive"));
        assertThat(decoded(lines).toLowerCase(Locale.ROOT)).as("the search below would see clear values")
                .contains(MANUAL.toLowerCase(Locale.ROOT)).contains(ERASED.toLowerCase(Locale.ROOT))
                .contains(old.erasedLogin());

        Path home = work.resolve("upgraded-home");
        String dataDir = "--intrascol.data-dir=" + home;
        copyMasterKey(home);
        int mark = output.getOut().length();
        assertThat(IntrascolSyncApplication.runImport("import", upgraded.toString(), dataDir, DURABLE, ADMIN))
                .as(output.getErr()).isEqualTo(0);
        assertDestroyWarning(output.getOut().substring(mark), upgraded, 2);

        try (ConfigurableApplicationContext moved = server(dataDir)) {
            Api after = api(moved);
            JdbcClient movedJdbc = moved.getBean(JdbcClient.class);
            String stored = storedPayloads(movedJdbc).toLowerCase(Locale.ROOT);
            for (String clear : clearValues(old)) {
                assertThat(stored).as("the new home's events").doesNotContain(clear);
            }
            JsonNode erased = accountCreated(movedJdbc, old.erasedId());
            assertThat(erased.get("personalData").toString()).isEqualTo("{\"erased\":true}");
            assertThat(erased.get("login").toString()).isEqualTo("{\"erased\":true}");
            JsonNode sealed = accountCreated(movedJdbc, old.manualId());
            assertThat(sealed.get("personalData").get("subject").asText()).isEqualTo(old.manualId());
            assertThat(sealed.get("personalData").has("sealed")).isTrue();
            assertThat(sealed.get("login").has("sealed")).isTrue();
            String keySql = "SELECT t::text FROM person_key t WHERE subject = ?";
            assertThat(movedJdbc.sql(keySql).param(old.manualId()).query(String.class).single())
                    .as("sealed under the person's key of the archive, not a new one")
                    .isEqualTo(jdbc.sql(keySql).param(old.manualId()).query(String.class).single());
            assertSameAnswers(after, old.uai(), old.rolledBackUai());
            assertErased(after, movedJdbc, old.erasedId());
            assertThat(after.get("/api/schools/" + old.uai() + "/audit/verify").json().get("status").asText())
                    .as("the new home's chain, computed on the sealed events").isEqualTo("OK");
        }
    }

    @Test
    @Order(4)
    void a_store_of_an_earlier_version_all_in_clear_is_migrated_through_the_archive(CapturedOutput output)
            throws Exception {
        Old old = old();
        // an archive of an earlier version: format 1, no keys, every event written by a plain serializer,
        // ImportPlanned with the rows and the plan, ImportRolledBack with logins
        ArchiveLines lines = ArchiveLines.read(old.archive());
        long clearAccountEvents = 0;
        for (int i = 1; i < lines.afterLastEvent(); i++) {
            ObjectNode event = lines.line(i);
            String type = event.get("payload_type").asText();
            Object payload = eventSerializer.deserialize(new SimpleSerializedObject<>(
                    Base64.getDecoder().decode(event.get("payload").asText()), byte[].class, type, null));
            ObjectNode tree = PLAIN.valueToTree(payload);
            if (type.endsWith(".AccountCreated") || type.endsWith(".AccountNamesCorrected")) {
                clearAccountEvents++;
            }
            if (type.endsWith(".ImportPlanned") && tree.get("importId").asText().equals(old.importId())) {
                ObjectNode row = tree.putArray("rows").addObject();
                row.put("line", 2);
                row.set("name", PLAIN.valueToTree(new PersonName(IMPORTED, null, "Anaïs")));
                row.put("birthDate", "2018-01-15").put("sex", "F").put("ine", INE).put("level", "CE1")
                        .put("classGroup", "CE1 Mme ROUX");
                tree.putArray("problems");
                ObjectNode plan = tree.putObject("plan");
                plan.put("revision", 0);
                plan.putArray("changes").addObject().put("kind", "ARRIVAL").put("line", 2)
                        .put("lastName", IMPORTED).put("ine", INE);
                plan.set("summary", tree.get("summary"));
                plan.put("massDeparture", false);
                plan.put("olderFile", false);
                tree.remove("summary"); // earlier versions kept the counts in the plan only
            }
            if (type.endsWith(".ImportRolledBack")) {
                ArrayNode conflicts = tree.get("conflicts") instanceof ArrayNode array ? array
                        : tree.putArray("conflicts");
                conflicts.addObject().put("accountId", old.importedId())
                        .put("login", "quincampoixia.marker").put("change", "ARRIVAL").put("field", "status")
                        .put("message", "Changed after this import: left as it is.");
            }
            event.put("payload", Base64.getEncoder().encodeToString(PLAIN.writeValueAsBytes(tree)));
            lines.set(i, event);
        }
        lines.lines.subList(lines.afterLastEvent(), lines.lines.size() - 1).clear();
        ObjectNode header = lines.line(0);
        header.put("version", 1);
        header.remove(List.of("keys", "masterKeyId"));
        lines.set(0, header);
        ObjectNode trailer = lines.line(lines.lines.size() - 1);
        trailer.remove("keys");
        lines.set(lines.lines.size() - 1, trailer);
        rechain(lines);
        Path earlier = lines.fixTrailer().write(work.resolve("earlier.archive"));
        assertThat(EventArchiveReader.verify(earlier).version()).isEqualTo(1);
        String clearArchive = decoded(lines).toLowerCase(Locale.ROOT);
        assertThat(clearArchive).as("the search below would see clear values")
                .contains(IMPORTED.toLowerCase(Locale.ROOT)).contains(MANUAL.toLowerCase(Locale.ROOT))
                .contains(old.manualLogin()).contains(INE.toLowerCase(Locale.ROOT))
                .contains("quincampoixia.marker").doesNotContain("\"sealed\"");

        // no master key to bring: the archive has no key; the new home seals with keys of its own
        Path home = work.resolve("earlier-home");
        String dataDir = "--intrascol.data-dir=" + home;
        int mark = output.getOut().length();
        assertThat(IntrascolSyncApplication.runImport("import", earlier.toString(), dataDir, DURABLE, ADMIN))
                .as(output.getErr()).isEqualTo(0);
        String printed = output.getOut().substring(mark);
        assertThat(printed).contains("format version 1 (no person keys)").contains("Imported 0 person keys");
        assertDestroyWarning(printed, earlier, clearAccountEvents + 2);

        try (ConfigurableApplicationContext moved = server(dataDir)) {
            Api after = api(moved);
            JdbcClient movedJdbc = moved.getBean(JdbcClient.class);
            String stored = storedPayloads(movedJdbc).toLowerCase(Locale.ROOT);
            for (String clear : clearValues(old)) {
                assertThat(stored).as("the new home's events").doesNotContain(clear);
            }
            assertThat(stored).doesNotContain("quincampoixia.marker").doesNotContain("\"rows\"")
                    .doesNotContain("\"plan\"");
            assertThat(movedJdbc.sql("SELECT count(*) FROM person_key WHERE wrapped_key IS NOT NULL")
                    .query(Long.class).single()).as("a key of this home for every person with data").isPositive();
            assertThat(movedJdbc.sql("SELECT DISTINCT master_key_id FROM person_key").query(String.class).list())
                    .containsExactly(moved.getBean(MasterKeyLoader.MasterKeys.class).wrapping().id());
            JsonNode manual = accountCreated(movedJdbc, old.manualId());
            assertThat(manual.get("login").has("sealed")).isTrue();
            assertSameAnswers(after, old.uai(), old.rolledBackUai());
            // (the credentials sheet waits in the old server's memory only: not part of what is compared)
            ObjectNode movedImport = (ObjectNode) after.get("/api/imports/" + old.importId()).json();
            ObjectNode oldImport = (ObjectNode) admin().get("/api/imports/" + old.importId()).json();
            movedImport.remove("credentialsSheet");
            oldImport.remove("credentialsSheet");
            assertThat(movedImport.get("summary").get("arrivals").asInt()).isEqualTo(2);
            assertThat(movedImport).as("the plan's counts kept, lifted from the plan").isEqualTo(oldImport);
            JsonNode conflicts = after.get("/api/imports/" + old.rolledBackImportId()).json();
            assertThat(conflicts.toString()).contains(old.importedId()).doesNotContain("quincampoixia.marker");
            assertErased(after, movedJdbc, null, old.erasedId());
            for (String uai : List.of(old.uai(), old.rolledBackUai())) {
                assertThat(after.get("/api/schools/" + uai + "/audit/verify").json().get("status").asText())
                        .isEqualTo("OK");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A school with an imported pupil, a pupil created by hand and an erased one; another rolled back. */
    private Old old() throws Exception {
        if (old != null) {
            return old;
        }
        Files.createDirectories(work);
        String uai = registerSchool("École des clés");
        String importId = importPupils(uai, IMPORTED + ";;Anaïs;2018-01-15;F;" + INE + ";CE1;CE1 Mme ROUX",
                "DUPONT;;Jules;2018-02-16;M;;CE1;CE1 Mme ROUX");
        JsonNode imported = byLastName(uai, IMPORTED);
        JsonNode manual = createPupil(admin(), uai, MANUAL, "Clarisse", "2018-04-04", "CE1");
        JsonNode erased = createPupil(admin(), uai, ERASED, "Gaspard", "2017-03-03", "CE2");
        String erasedId = erased.get("accountId").asText();
        Api.Response suspended = admin().patch("/api/accounts/" + erasedId,
                Map.of("status", "SUSPENDED", "reason", "a quitté l'école"), Map.of());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        Api.Response erasure = admin().post("/api/accounts/" + erasedId + "/erase",
                Map.of("reason", "demande des parents (RGPD)"));
        assertThat(erasure.status()).as(erasure.toString()).isEqualTo(200);
        assertThat(erasure.json().get("lastName").asText()).isEqualTo("[effacé]");

        String other = registerSchool("École annulée");
        String rolledBack = importPupils(other, "MARTIN;;Paul;2017-05-05;M;;CE2;CE2 M. DURAND");
        Api.Response rollback = admin().post("/api/imports/" + rolledBack + "/rollback",
                Map.of("reason", "mauvais fichier"));
        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);

        Path archive = work.resolve("keys.archive");
        assertThat(IntrascolSyncApplication.runExport("export", archive.toString(),
                "--spring.datasource.url=" + database.url(), "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + database.password(),
                "--intrascol.data-dir=" + work.resolve("unused"), masterKeyProperty())).isEqualTo(0);
        old = new Old(uai, importId, imported.get("accountId").asText(), manual.get("accountId").asText(),
                manual.get("login").asText(), erasedId, erased.get("login").asText(), other, rolledBack, archive);
        return old;
    }

    /** The personal values that must never be found in clear, lower case. */
    private static List<String> clearValues(Old old) {
        return List.of(IMPORTED, MANUAL, ERASED, INE, old.manualLogin(), old.erasedLogin()).stream()
                .map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    private JsonNode byLastName(String uai, String lastName) {
        for (JsonNode account : admin().get("/api/schools/" + uai + "/accounts").json()) {
            if (lastName.equals(account.get("lastName").asText())) {
                return account;
            }
        }
        throw new AssertionError("no account " + lastName + " in " + uai);
    }

    /** The old home's master key as its secret: how its own processes (here, the export) get it. */
    private String masterKeyProperty() throws Exception {
        return "--intrascol.privacy.master-key=" + Files.readString(masterKeys.file()).trim();
    }

    /** What the operator does on the new home before importing: the old home's master.key, owner only. */
    private void copyMasterKey(Path home) throws Exception {
        Files.createDirectories(home);
        Path target = home.resolve("master.key");
        Files.copy(masterKeys.file(), target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    }

    private static ConfigurableApplicationContext server(String dataDir) {
        return new SpringApplicationBuilder(IntrascolSyncApplication.class).run("--server.port=0", dataDir, DURABLE);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return Api.at(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")), "admin",
                ADMIN_PASSWORD);
    }

    /**
     * The new home answers as the old one about these schools, their accounts and their histories. An erased
     * person's history is compared without the fields each entry shows: the old home's was written live and
     * blanked on erasure, the new home's is rebuilt from events whose values already read erased (which
     * leaves out, say, the birth date « [effacé] » of the creation), as any rebuild of the old home's would.
     */
    private void assertSameAnswers(Api after, String... schools) {
        List<String> paths = new ArrayList<>();
        for (String uai : schools) {
            paths.add("/api/schools/" + uai + "/accounts?includeErased=true");
            for (JsonNode account : admin().get("/api/schools/" + uai + "/accounts?includeErased=true").json()) {
                String id = account.get("accountId").asText();
                paths.add("/api/accounts/" + id);
                String history = "/api/accounts/" + id + "/history";
                if (PersonName.ERASED_TEXT.equals(account.get("lastName").asText())) {
                    assertThat(withoutChanges(after.get(history).json())).as(history)
                            .isEqualTo(withoutChanges(admin().get(history).json()));
                } else {
                    paths.add(history);
                }
            }
        }
        assertThat(paths).hasSizeGreaterThanOrEqualTo(10);
        for (String path : paths) {
            Api.Response expected = admin().get(path);
            Api.Response actual = after.get(path);
            assertThat(expected.status()).as(path + " " + expected).isEqualTo(200);
            assertThat(actual.status()).as(path + " " + actual).isEqualTo(200);
            assertThat(actual.json()).as(path).isEqualTo(expected.json());
        }
    }

    private static JsonNode withoutChanges(JsonNode history) {
        JsonNode copy = history.deepCopy();
        copy.forEach(entry -> ((ObjectNode) entry).remove("changes"));
        return copy;
    }

    /** The erased person reads « [effacé] » in the new home, and their key is a tombstone there. */
    private void assertErased(Api after, JdbcClient movedJdbc, String erasedId) {
        assertErased(after, movedJdbc, erasedId, erasedId);
    }

    /** As above; {@code tombstone}: the subject whose key must be a tombstone (null: none to check). */
    private void assertErased(Api after, JdbcClient movedJdbc, String tombstone, String erasedId) {
        JsonNode erased = after.get("/api/accounts/" + erasedId).json();
        assertThat(erased.get("status").asText()).isEqualTo("ERASED");
        assertThat(erased.get("lastName").asText()).isEqualTo(PersonName.ERASED_TEXT);
        assertThat(erased.get("firstName").asText()).isEqualTo(PersonName.ERASED_TEXT);
        assertThat(erased.get("login").asText()).isEqualTo(Login.ERASED_TEXT);
        assertThat(after.get("/api/accounts/" + erasedId + "/history").body()).doesNotContain(ERASED);
        if (tombstone != null) {
            Map<String, Object> key = movedJdbc.sql("SELECT wrapped_key, destroyed_at FROM person_key WHERE subject = ?")
                    .param(tombstone).query().singleRow();
            assertThat(key.get("wrapped_key")).as("still a tombstone").isNull();
            assertThat(key.get("destroyed_at")).isNotNull();
        } else {
            assertThat(movedJdbc.sql("SELECT count(*) FROM person_key WHERE subject = ? AND wrapped_key IS NOT NULL")
                    .param(erasedId).query(Long.class).single()).as("no key made for an erased person").isZero();
        }
    }

    private static void assertDestroyWarning(String printed, Path archive, long resealed) {
        assertThat(printed).contains("Re-sealed " + resealed + " events that held personal data in clear")
                .contains("WARNING: " + archive + " and every backup of the old installation")
                .contains("still hold that personal data in clear")
                .contains("Destroy them (shred -u)")
                .contains("the heads digest differs from the old home's")
                .contains("Projections rebuilt");
    }

    /** Every event's payload and metadata, decoded, one after the other. */
    private static String decoded(ArchiveLines lines) throws Exception {
        StringBuilder decoded = new StringBuilder();
        for (int i = 1; i < lines.afterLastEvent(); i++) {
            ObjectNode event = lines.line(i);
            for (String field : List.of("payload", "meta_data")) {
                if (event.hasNonNull(field)) {
                    decoded.append(new String(Base64.getDecoder().decode(event.get(field).asText()),
                            StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        return decoded.toString();
    }

    private static String storedPayloads(JdbcClient jdbc) {
        StringBuilder stored = new StringBuilder();
        jdbc.sql("SELECT payload, meta_data FROM domain_event_entry ORDER BY global_index").query(rs -> {
            stored.append(new String(rs.getBytes(1), StandardCharsets.UTF_8)).append('\n');
            byte[] meta = rs.getBytes(2);
            if (meta != null) {
                stored.append(new String(meta, StandardCharsets.UTF_8)).append('\n');
            }
        });
        return stored.toString();
    }

    private static JsonNode accountCreated(JdbcClient jdbc, String accountId) throws Exception {
        for (byte[] payload : jdbc.sql("SELECT payload FROM domain_event_entry WHERE payload_type LIKE '%.AccountCreated'")
                .query(byte[].class).list()) {
            JsonNode tree = ArchiveLines.JSON.readTree(payload);
            if (accountId.equals(tree.get("accountId").asText())) {
                return tree;
            }
        }
        throw new AssertionError("no AccountCreated of " + accountId);
    }

    /** The account's AccountCreated line with its personal values in clear, as an earlier version wrote them. */
    private static void clearAccountCreated(ArchiveLines lines, String accountId, PersonalData data, String login)
            throws Exception {
        for (int i = 1; i < lines.afterLastEvent(); i++) {
            ObjectNode event = lines.line(i);
            if (!event.get("payload_type").asText().endsWith(".AccountCreated")) {
                continue;
            }
            ObjectNode payload = (ObjectNode) ArchiveLines.JSON.readTree(Base64.getDecoder()
                    .decode(event.get("payload").asText()));
            if (accountId.equals(payload.get("accountId").asText())) {
                payload.set("personalData", PLAIN.valueToTree(data));
                payload.put("login", login);
                event.put("payload", Base64.getEncoder().encodeToString(PLAIN.writeValueAsBytes(payload)));
                lines.set(i, event);
                return;
            }
        }
        throw new AssertionError("no AccountCreated of " + accountId);
    }

    /** Every school's chain computed again over the lines' payloads, as the old home's trigger did. */
    private static void rechain(ArchiveLines lines) throws Exception {
        Map<String, byte[]> heads = new HashMap<>();
        for (int i = 1; i < lines.afterLastEvent(); i++) {
            ObjectNode event = lines.line(i);
            String uai = event.get("aggregate_identifier").asText();
            byte[] hash = EventChain.hash(heads.getOrDefault(uai, new byte[0]), event.get("sequence_number").asLong(),
                    uai, event.get("event_identifier").asText(), event.get("payload_type").asText(),
                    event.get("time_stamp").asText(), Base64.getDecoder().decode(event.get("payload").asText()),
                    event.hasNonNull("meta_data") ? Base64.getDecoder().decode(event.get("meta_data").asText()) : null);
            heads.put(uai, hash);
            event.put("chain_hash", HexFormat.of().formatHex(hash));
            lines.set(i, event);
        }
    }
}
