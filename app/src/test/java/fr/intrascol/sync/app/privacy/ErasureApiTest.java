package fr.intrascol.sync.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.SearchScope;
import fr.intrascol.sync.app.database.DatabaseConfiguration.DatabaseHandle;
import fr.intrascol.sync.app.imports.ImportService;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.testsupport.Eventually;
import fr.intrascol.sync.testsupport.InMemoryDirectory;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crypto-shredding through the HTTP API: personal data never in clear in the event store, an erased
 * person gone from every place the application writes (database dump, directory, users file), history
 * kept without the data, the chain still verified; retention, access export, rollback after erasure.
 */
class ErasureApiTest extends IntegrationTest {

    private static final String BIND_PASSWORD = "bind-secret-for-tests";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DatabaseHandle database;
    @Autowired
    QueryGateway queries;
    @Autowired
    ImportService imports;
    @Autowired
    ErasureService erasure;
    @Autowired
    ErasureLedger ledger;

    @Autowired
    ErasureLedgerCheck ledgerCheck;

    private final List<InMemoryDirectoryServer> servers = new ArrayList<>();

    @AfterEach
    void stopDirectories() {
        servers.forEach(server -> server.shutDown(true));
    }

    /** A marker no other test uses: a surname that exists only in this test. */
    private static String marker() {
        StringBuilder letters = new StringBuilder("QWZ");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            letters.append((char) ('A' + random.nextInt(26)));
        }
        return letters.append("MARK").toString();
    }

    private JsonNode byLastName(String uai, String lastName) {
        for (JsonNode account : admin().get("/api/schools/" + uai + "/accounts?includeErased=true").json()) {
            if (account.get("lastName").asText().equals(lastName)) {
                return account;
            }
        }
        throw new AssertionError("no account named " + lastName);
    }

    private InMemoryDirectoryServer directoryFor(String uai) throws Exception {
        String base = "dc=" + uai.toLowerCase(Locale.ROOT) + ",dc=test";
        InMemoryDirectoryServer server = InMemoryDirectory.start(base, BIND_PASSWORD, 0, true);
        servers.add(server);
        Map<String, Object> target = new HashMap<>();
        target.put("type", "LDAP");
        target.put("url", "ldap://127.0.0.1:" + server.getListenPort());
        target.put("bindDn", "cn=admin," + base);
        target.put("password", BIND_PASSWORD);
        target.put("baseDn", base);
        Api.Response put = admin().send("PUT", "/api/schools/" + uai + "/target", target, Map.of());
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        return server;
    }

    private static boolean holds(InMemoryDirectoryServer server, String text) {
        try {
            return server.search(server.getBaseDNs().get(0).toString(), SearchScope.SUB, "(objectClass=*)")
                    .getSearchEntries().stream().anyMatch(e -> e.toLDIFString().toLowerCase(Locale.ROOT)
                            .contains(text.toLowerCase(Locale.ROOT)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void suspend(String accountId) {
        Api.Response suspended = admin().patch("/api/accounts/" + accountId,
                Map.of("status", "SUSPENDED", "reason", "a quitté l'école"), Map.of());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
    }

    /** The whole database as {@code pg_dump} writes it (Debian's postgresql-client, installed by .ci/run). */
    private String pgDump() throws Exception {
        URI uri = URI.create(database.url().substring("jdbc:".length()));
        ProcessBuilder builder = new ProcessBuilder("pg_dump", "--no-owner", "-h", uri.getHost(), "-p",
                String.valueOf(uri.getPort()), "-U", database.username(), uri.getPath().substring(1))
                .redirectErrorStream(true);
        if (database.password() != null) {
            builder.environment().put("PGPASSWORD", database.password());
        }
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        Files.write(Path.of("target", "erasure-pg_dump.sql"), out); // kept to look at when this test fails
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Every text form a value takes in a dump: as written, and hex (bytea columns). */
    private static void assertNoTrace(String dump, String where, String... values) {
        String lower = dump.toLowerCase(Locale.ROOT);
        for (String value : values) {
            String v = value.toLowerCase(Locale.ROOT);
            int at = lower.indexOf(v);
            assertThat(at).as(where + " holds " + value + ": …" + (at < 0 ? "" : dump.substring(
                    Math.max(0, lower.lastIndexOf("copy public.", at)), lower.indexOf('\n',
                            lower.lastIndexOf("copy public.", at))) + " … " + dump.substring(
                    Math.max(0, lower.lastIndexOf('\n', at)), Math.min(dump.length(), at + 200)))).isNegative();
            assertThat(lower).as(where + " holds " + value + " as hex")
                    .doesNotContain(java.util.HexFormat.of().formatHex(v.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The accounts list's folded search column of an account, now and in its past versions. */
    private List<String> searchTexts(String accountId) {
        return jdbc.sql("SELECT search_text FROM account WHERE account_id = CAST(? AS uuid) UNION ALL"
                + " SELECT search_text FROM account_version WHERE account_id = CAST(? AS uuid)")
                .params(accountId, accountId).query(String.class).list();
    }

    @Test
    void personal_data_is_never_in_clear_in_the_event_store_or_snapshots() {
        String uai = registerSchool("École chiffrée");
        String name = marker();
        importPupils(uai, name + ";;Léonie;2019-03-25;F;731000001AB;CP;CP Mme ROUX");
        JsonNode account = byLastName(uai, name);
        assertThat(account.get("firstName").asText()).as("read back through the key").isEqualTo("Léonie");
        for (String table : List.of("domain_event_entry", "snapshot_event_entry")) {
            long clear = jdbc.sql("SELECT count(*) FROM " + table + " WHERE position(CAST(? AS bytea) IN payload) > 0")
                    .param(name.getBytes(StandardCharsets.UTF_8)).query(Long.class).single();
            assertThat(clear).as(table).isZero();
        }
        long sealed = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND position(CAST('\"sealed\"' AS bytea) IN payload) > 0").param(uai).query(Long.class).single();
        assertThat(sealed).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM person_key WHERE subject = ? AND wrapped_key IS NOT NULL")
                .param(account.get("accountId").asText()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void an_erased_pupil_leaves_no_trace_in_a_dump_or_the_directory_and_the_chain_still_verifies()
            throws Exception {
        String uai = registerSchool("École oubli");
        InMemoryDirectoryServer directory = directoryFor(uai);
        String name = marker();
        String keep = marker();
        String second = marker();
        String importId = importPupils(uai, name + ";;Anaïs;2018-01-15;F;731000002AB;CE1;CE1 Mme ROUX",
                keep + ";;Jules;2018-02-16;M;731000003AB;CE1;CE1 Mme ROUX",
                second + ";;Nina;2018-03-17;F;731000011AB;CE1;CE1 Mme ROUX");
        JsonNode pupil = byLastName(uai, name);
        String id = pupil.get("accountId").asText();
        String login = pupil.get("login").asText();
        Eventually.until("the directory holds the pupil", Duration.ofSeconds(20), () -> holds(directory, name));

        assertThat(searchTexts(id)).as("the list's folded search column holds the names")
                .isNotEmpty().allSatisfy(text -> assertThat(text).contains(name.toLowerCase(Locale.ROOT), "anais"));

        String director = createUser("DIRECTOR", uai);
        Api.Response active = user(director).post("/api/accounts/" + id + "/erase", Map.of("reason", "demande"));
        assertThat(active.status()).as("a director erases only a suspended account").isEqualTo(403);
        Api.Response activeAdmin = admin().post("/api/accounts/" + id + "/erase", Map.of("reason", "demande"));
        assertThat(activeAdmin.status()).as("an active account needs force").isEqualTo(409);
        suspend(id);
        assertThat(user(director).post("/api/accounts/" + id + "/erase", Map.of()).status()).isEqualTo(400);

        Api.Response erased = user(director).post("/api/accounts/" + id + "/erase",
                Map.of("reason", "demande des parents (RGPD)"));
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.json().get("status").asText()).isEqualTo("ERASED");
        assertThat(erased.json().get("lastName").asText()).isEqualTo("[effacé]");
        assertThat(admin().post("/api/accounts/" + id + "/erase", Map.of("reason", "encore")).status())
                .isEqualTo(409);

        // history: who, when, through what and why stay; the values do not
        JsonNode history = admin().get("/api/accounts/" + id + "/history").json();
        assertThat(history.toString()).doesNotContain(name).doesNotContain("Anaïs").doesNotContain(login)
                .contains("[effacé]").contains("demande des parents (RGPD)").contains(director);
        assertThat(history.get(history.size() - 1).get("type").asText()).isEqualTo("AccountErased");
        assertThat(history.get(0).get("origin").asText()).isEqualTo("IMPORT");
        assertThat(history.get(0).get("importId").asText()).isEqualTo(importId);

        // the directory entry is gone (and the person from every group); the other pupil stays
        Eventually.until("the directory forgets the pupil", Duration.ofSeconds(20), () -> !holds(directory, name)
                && !holds(directory, login));
        assertThat(holds(directory, keep)).isTrue();

        // the chain verifies: erasure removed a key, never an event
        JsonNode verify = admin().get("/api/schools/" + uai + "/audit/verify").json();
        assertThat(verify.get("status").asText()).as(verify.toString()).isEqualTo("OK");

        // the list's folded search column is scrubbed with the names, now and in every past version
        assertThat(searchTexts(id)).hasSizeGreaterThan(1).allSatisfy(text -> assertThat(text)
                .doesNotContain(name.toLowerCase(Locale.ROOT)).doesNotContain("anais")
                .doesNotContain(login.toLowerCase(Locale.ROOT)));

        // no trace in a logical dump of the whole database (the search column folded: « anaïs » as « anais »)
        assertNoTrace(pgDump(), "pg_dump", name, login, "731000002AB");
        // (an archive export of the store is searched the same way in ArchiveKeysTest, in a context of its own:
        // this shared one holds schools whose chain other tests broke on purpose, which an export refuses)

        // a second erased pupil of the same school: rebuilt, both read « [effacé] » (same login text, not unique)
        String secondId = byLastName(uai, second).get("accountId").asText();
        suspend(secondId);
        assertThat(admin().post("/api/accounts/" + secondId + "/erase", Map.of("reason", "RGPD")).status())
                .isEqualTo(200);

        // rebuilding the read models does not bring the person back
        assertThat(admin().post("/api/admin/projections/accounts/rebuild", Map.of()).status()).isIn(200, 202);
        Eventually.until("the accounts are rebuilt", Duration.ofSeconds(30), () -> {
            Api.Response after = admin().get("/api/accounts/" + id);
            return after.status() == 200 && "ERASED".equals(after.json().get("status").asText());
        });
        assertThat(admin().get("/api/accounts/" + id).json().get("lastName").asText()).isEqualTo("[effacé]");
        Eventually.until("the second erased pupil is rebuilt too", Duration.ofSeconds(30), () -> {
            Api.Response after = admin().get("/api/accounts/" + secondId);
            return after.status() == 200 && "ERASED".equals(after.json().get("status").asText());
        });
        assertThat(byLastName(uai, keep).get("firstName").asText()).isEqualTo("Jules");
    }

    @Test
    void a_database_restored_from_a_backup_older_than_an_erasure_does_not_bring_the_person_back() throws Exception {
        String uai = registerSchool("École restaurée");
        String name = marker();
        importPupils(uai, name + ";;Lina;2019-04-04;F;731000008AB;CP;CP Mme ROUX");
        String id = byLastName(uai, name).get("accountId").asText();
        Map<String, Object> backup = jdbc.sql("SELECT wrapped_key, master_key_id FROM person_key WHERE subject = ?")
                .param(id).query().singleRow();
        suspend(id);
        assertThat(admin().post("/api/accounts/" + id + "/erase", Map.of("reason", "RGPD")).status()).isEqualTo(200);
        assertThat(ledger.subjects()).contains(id);
        assertThat(ledger.lines()).anySatisfy(line -> assertThat(line).startsWith(id + " " + uai + " "));
        assertThat(Files.getPosixFilePermissions(ledger.file()))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        // the key table as a backup taken before the erasure holds it
        jdbc.sql("UPDATE person_key SET wrapped_key = ?, master_key_id = ?, destroyed_at = NULL WHERE subject = ?")
                .params(backup.get("wrapped_key"), backup.get("master_key_id"), id).update();
        assertThat(ledgerCheck.reapply()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT wrapped_key IS NULL AND destroyed_at IS NOT NULL FROM person_key WHERE subject = ?")
                .param(id).query(Boolean.class).single()).as("destroyed again").isTrue();
        assertThat(ledgerCheck.reapply()).as("nothing left to do").isZero();
    }

    @Test
    void the_users_file_loses_the_erased_row_and_a_replay_onto_a_new_server_does_not_bring_it_back() throws Exception {
        String uai = registerSchool("École fichier");
        String folder = "erasure-" + uai;
        assertThat(admin().send("PUT", "/api/schools/" + uai + "/target", Map.of("type", "FILE", "directory", folder),
                Map.of()).status()).isEqualTo(200);
        String name = marker();
        String keep = marker();
        importPupils(uai, name + ";;Aya;2017-03-03;F;731000009AB;CE2;CE2 M. PETIT",
                keep + ";;Tom;2017-04-04;M;731000010AB;CE2;CE2 M. PETIT");
        fr.intrascol.sync.app.support.Schools.awaitPushed(admin(), uai);
        // the file root is under a data folder named at random for this test context: find the school's file
        Path usersFile;
        try (var files = Files.walk(Path.of("target", "it-data"))) {
            // earlier runs left files of the same school number in their own folders: the newest is this run's
            usersFile = files.filter(f -> f.endsWith(Path.of(folder, uai + ".csv")))
                    .max(java.util.Comparator.comparing(f -> f.toFile().lastModified())).orElseThrow();
        }
        assertThat(Files.readString(usersFile)).contains(name).contains(keep);

        String id = byLastName(uai, name).get("accountId").asText();
        suspend(id);
        assertThat(admin().post("/api/accounts/" + id + "/erase", Map.of("reason", "RGPD")).status()).isEqualTo(200);
        fr.intrascol.sync.app.support.Schools.awaitPushed(admin(), uai);
        assertThat(Files.readString(usersFile)).doesNotContain(name).contains(keep);
        assertThat(admin().get("/api/schools/" + uai + "/target/drift").body()).doesNotContain(name);

        // the school moves to a new, blank server: the replay pushes everyone but the erased person
        InMemoryDirectoryServer fresh = directoryFor(uai);
        Api.Response replay = admin().post("/api/schools/" + uai + "/target/replay", Map.of());
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(holds(fresh, keep)).isTrue();
        assertThat(holds(fresh, name)).isFalse();
    }

    @Test
    void rolling_back_an_import_whose_pupil_was_erased_reports_it_and_does_not_bring_them_back() {
        String uai = registerSchool("École retour impossible");
        String name = marker();
        String importId = importPupils(uai, name + ";;Inès;2017-05-05;F;731000004AB;CE2;CE2 M. PETIT");
        String id = byLastName(uai, name).get("accountId").asText();
        suspend(id);
        assertThat(admin().post("/api/accounts/" + id + "/erase", Map.of("reason", "RGPD")).status()).isEqualTo(200);
        Api.Response rolledBack = admin().post("/api/imports/" + importId + "/rollback", Map.of("reason", "erreur"));
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
        assertThat(rolledBack.json().get("conflicts").toString()).contains(id).contains("erased");
        JsonNode after = admin().get("/api/accounts/" + id).json();
        assertThat(after.get("status").asText()).isEqualTo("ERASED");
        assertThat(after.get("lastName").asText()).isEqualTo("[effacé]");
    }

    @Test
    void the_retention_rule_erases_accounts_suspended_for_longer_than_ninety_days() {
        String uai = registerSchool("École rétention");
        String gone = marker();
        String back = marker();
        importPupils(uai, gone + ";;Paul;2016-06-06;M;731000005AB;CM1;CM1 Mme ROUX",
                back + ";;Rose;2016-07-07;F;731000006AB;CM1;CM1 Mme ROUX");
        String goneId = byLastName(uai, gone).get("accountId").asText();
        String backId = byLastName(uai, back).get("accountId").asText();
        suspend(goneId);
        suspend(backId);
        admin().patch("/api/accounts/" + backId, Map.of("status", "ACTIVE", "reason", "retour"), Map.of());

        RetentionJob soon = job(Instant.now().plus(Duration.ofDays(30)));
        RetentionJob later = job(Instant.now().plus(Duration.ofDays(91)));
        assertThat(runAsSystem(soon).erased()).as("30 days after").isZero();
        assertThat(admin().get("/api/accounts/" + goneId).json().get("status").asText()).isEqualTo("SUSPENDED");
        RetentionJob.Result result = runAsSystem(later);
        assertThat(result.erased()).isGreaterThanOrEqualTo(1);
        Eventually.until("the account is erased", Duration.ofSeconds(10),
                () -> "ERASED".equals(admin().get("/api/accounts/" + goneId).json().get("status").asText()));
        JsonNode last = admin().get("/api/accounts/" + goneId + "/history").json();
        JsonNode erasure = last.get(last.size() - 1);
        assertThat(erasure.get("origin").asText()).isEqualTo("RETENTION");
        assertThat(erasure.get("actor").asText()).isEqualTo("system");
        assertThat(erasure.get("reason").asText()).contains("90 days");
        assertThat(admin().get("/api/accounts/" + backId).json().get("status").asText())
                .as("a pupil back before the period is kept").isEqualTo("ACTIVE");

        Api.Response endpoint = admin().post("/api/admin/retention/run", Map.of());
        assertThat(endpoint.status()).isEqualTo(200);
        assertThat(endpoint.json().has("erased")).isTrue();
        assertThat(endpoint.json().get("eraseSuspendedAfter").asText()).isEqualTo("PT2160H");
    }

    private RetentionJob job(Instant now) {
        return new RetentionJob(queries, imports, erasure, Duration.ofDays(7), Duration.ofDays(90),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static RetentionJob.Result runAsSystem(RetentionJob job) {
        AppUser system = new AppUser("system", "", Set.of(UserRole.ADMIN), Set.of(), true);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(system, null, system.getAuthorities()));
        try {
            return job.run();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void the_access_export_holds_everything_about_one_person_for_admins_and_their_director_only() throws Exception {
        String uai = registerSchool("École accès");
        InMemoryDirectoryServer directory = directoryFor(uai);
        String name = marker();
        String importId = importPupils(uai, name + ";;Maëlle;2019-09-09;F;731000007AB;GS;GS Mme ROUX");
        String id = byLastName(uai, name).get("accountId").asText();
        Eventually.until("the directory holds the pupil", Duration.ofSeconds(20), () -> holds(directory, name));
        Eventually.until("the projector's state has the pupil", Duration.ofSeconds(20),
                () -> !admin().get("/api/accounts/" + id + "/personal-data").json().get("directory").isNull());
        JsonNode export = admin().get("/api/accounts/" + id + "/personal-data").json();
        assertThat(export.get("account").get("lastName").asText()).isEqualTo(name);
        assertThat(export.get("account").get("birthDate").asText()).isEqualTo("2019-09-09");
        assertThat(export.get("history").get(0).get("type").asText()).isEqualTo("AccountCreated");
        assertThat(export.get("imports").get(0).get("importId").asText()).isEqualTo(importId);
        assertThat(export.get("directory").get("lastName").asText()).isEqualTo(name);

        String director = createUser("DIRECTOR", uai);
        assertThat(user(director).get("/api/accounts/" + id + "/personal-data").status()).isEqualTo(200);
        String inspector = createUser("INSPECTOR", uai);
        assertThat(user(inspector).get("/api/accounts/" + id + "/personal-data").status()).isEqualTo(403);
        String otherDirector = createUser("DIRECTOR", registerSchool("Autre école"));
        assertThat(user(otherDirector).get("/api/accounts/" + id + "/personal-data").status()).isEqualTo(403);
    }
}
