package fr.intrascol.sync.app.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.testsupport.Eventually;
import fr.intrascol.sync.testsupport.InMemoryDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IntraScol projector through the HTTP API, against UnboundID's in-memory directory server:
 * configuration, pushes, drift and repair, a server down mid-push, replay onto a blank server, and who
 * may do what.
 */
class TargetApiTest extends IntegrationTest {

    private static final String BIND_PASSWORD = "bind-secret-4711";
    private final List<InMemoryDirectoryServer> servers = new ArrayList<>();

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.shutDown(true));
    }

    private InMemoryDirectoryServer ldap(String base, int port) throws Exception {
        InMemoryDirectoryServer server = InMemoryDirectory.start(base, BIND_PASSWORD, port, true);
        servers.add(server);
        return server;
    }

    private static int freePort() throws Exception {
        return InMemoryDirectory.freePort();
    }

    private static Map<String, Object> ldapTarget(InMemoryDirectoryServer server, String base) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "LDAP");
        body.put("url", "ldap://127.0.0.1:" + server.getListenPort());
        body.put("bindDn", "cn=admin," + base);
        body.put("password", BIND_PASSWORD);
        body.put("baseDn", base);
        return body;
    }

    private static Map<String, Map<String, List<String>>> dump(InMemoryDirectoryServer server, String base)
            throws Exception {
        Map<String, Map<String, List<String>>> all = new TreeMap<>();
        for (SearchResultEntry e : server.search(base, SearchScope.SUB, "(objectClass=*)").getSearchEntries()) {
            Map<String, List<String>> attributes = new TreeMap<>();
            for (Attribute a : e.getAttributes()) {
                attributes.put(a.getName().toLowerCase(), List.of(a.getValues()).stream().sorted().toList());
            }
            all.put(e.getParsedDN().toNormalizedString(), attributes);
        }
        return all;
    }

    private static List<String> uids(InMemoryDirectoryServer server, String parent) throws Exception {
        return server.search(parent, SearchScope.ONE, "(uid=*)").getSearchEntries().stream()
                .map(e -> e.getAttributeValue("uid")).sorted().toList();
    }

    @Test
    void an_imported_school_reaches_its_directory_drift_is_reported_and_repaired_and_a_blank_server_is_replayed()
            throws Exception {
        String uai = registerSchool("École des Tilleuls");
        String base = "dc=tilleuls,dc=test";
        InMemoryDirectoryServer server = ldap(base, 0);

        Api.Response put = admin().send("PUT", "/api/schools/" + uai + "/target", ldapTarget(server, base), Map.of());
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("reachable").asBoolean()).isTrue();
        assertThat(put.body()).doesNotContain(BIND_PASSWORD);
        assertThat(put.json().at("/target/passwordSet").asBoolean()).isTrue();
        assertThat(admin().get("/api/schools/" + uai + "/target").body()).doesNotContain(BIND_PASSWORD)
                .contains("\"passwordSet\":true");
        byte[] stored = jdbc.sql("SELECT password_cipher FROM school_target WHERE uai = ?").param(uai)
                .query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(BIND_PASSWORD);

        Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv");
        JsonNode status = Schools.awaitPushed(admin(), uai);
        assertThat(status.get("lastPushAt").isNull()).isFalse();
        JsonNode accounts = admin().get("/api/schools/" + uai + "/accounts").json();
        List<String> logins = new ArrayList<>();
        accounts.forEach(a -> logins.add(a.get("login").asText()));
        assertThat(uids(server, "ou=people," + base)).containsExactlyElementsOf(logins.stream().sorted().toList());
        accounts.forEach(a -> {
            try {
                Entry group = server.getEntry("cn=classe-" + a.get("classGroup").asText() + ",ou=groups," + base);
                assertThat(group.getAttributeValues("member"))
                        .contains("uid=" + a.get("login").asText() + ",ou=people," + base);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(admin().get("/api/schools/" + uai + "/target/drift").json().get("inSync").asBoolean()).isTrue();

        // someone edits the directory by hand
        String victim = logins.get(0);
        server.modify("uid=" + victim + ",ou=people," + base,
                new Modification(ModificationType.REPLACE, "givenName", "Changé"));
        server.add(new Entry("uid=pirate,ou=people," + base, new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", "pirate"), new Attribute("cn", "Pirate"), new Attribute("sn", "Pirate")));
        JsonNode drift = admin().get("/api/schools/" + uai + "/target/drift").json();
        assertThat(drift.get("inSync").asBoolean()).isFalse();
        assertThat(drift.get("extra").toString()).contains("uid=pirate");
        assertThat(drift.get("different").toString()).contains("givenName").contains("Changé");
        Api.Response repair = admin().post("/api/schools/" + uai + "/target/drift/repair", Map.of());
        assertThat(repair.status()).as(repair.toString()).isEqualTo(200);
        assertThat(repair.json().at("/changes/deleted").asInt()).isEqualTo(1);
        assertThat(admin().get("/api/schools/" + uai + "/target/drift").json().get("inSync").asBoolean()).isTrue();
        Map<String, Map<String, List<String>>> original = dump(server, base);

        // the school's server is replaced by a blank one
        InMemoryDirectoryServer blank = ldap(base, 0);
        assertThat(admin().send("PUT", "/api/schools/" + uai + "/target", ldapTarget(blank, base), Map.of())
                .status()).isEqualTo(200);
        Api.Response replay = admin().post("/api/schools/" + uai + "/target/replay", Map.of());
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.json().at("/changes/added").asInt()).isGreaterThan(logins.size());
        assertThat(dump(blank, base)).isEqualTo(original);
        assertThat(admin().get("/api/schools/" + uai + "/target/status").json().get("lastReplayBy").asText())
                .isEqualTo("admin");

        // and keeps following
        JsonNode pupil = createPupil(admin(), uai, "NOUVEAU", "Nina", "2019-05-04", "CP");
        Schools.awaitPushed(admin(), uai);
        assertThat(blank.getEntry("uid=" + pupil.get("login").asText() + ",ou=people," + base)).isNotNull();
    }

    @Test
    void a_server_down_mid_push_keeps_the_changes_in_the_dead_letter_queue_while_other_schools_flow() throws Exception {
        String down = registerSchool("École du Moulin");
        String flowing = registerSchool("École du Port");
        String base = "dc=moulin,dc=test";
        int port = freePort();
        InMemoryDirectoryServer server = ldap(base, port);
        assertThat(admin().send("PUT", "/api/schools/" + down + "/target", ldapTarget(server, base), Map.of())
                .status()).isEqualTo(200);
        Path folder = Path.of("flowing-" + flowing);
        assertThat(admin().send("PUT", "/api/schools/" + flowing + "/target",
                Map.of("type", "FILE", "directory", folder.toString()), Map.of()).status()).isEqualTo(200);
        createPupil(admin(), down, "AVANT", "Anna", "2019-01-02", "CP");
        Schools.awaitPushed(admin(), down);

        server.shutDown(true);
        JsonNode lost = createPupil(admin(), down, "PENDANT", "Paul", "2019-01-03", "CP");
        JsonNode second = createPupil(admin(), down, "PENDANT", "Pia", "2019-01-04", "CP");
        createPupil(admin(), flowing, "AILLEURS", "Alice", "2019-01-05", "CP");
        Eventually.until("the push fails into the dead-letter queue", Duration.ofSeconds(20),
                () -> admin().get("/api/schools/" + down + "/target/status").json().get("deadLetters").asLong() >= 2);
        JsonNode status = admin().get("/api/schools/" + down + "/target/status").json();
        assertThat(status.get("lastError").asText()).contains("cannot be reached");
        assertThat(status.get("lag").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(status.get("failures").asLong()).isGreaterThanOrEqualTo(1);
        Api.Response stillDown = admin().post("/api/schools/" + down + "/target/replay", Map.of());
        assertThat(stillDown.status()).as(stillDown.toString()).isEqualTo(503);
        assertThat(stillDown.json().get("detail").asText()).contains("Nothing is lost");

        // the other school kept flowing
        JsonNode flowingStatus = Schools.awaitPushed(admin(), flowing);
        assertThat(flowingStatus.get("deadLetters").asLong()).isZero();
        Path file = Path.of(jdbc.sql("SELECT directory FROM school_target WHERE uai = ?").param(flowing)
                .query(String.class).single()).resolve(flowing + ".csv");
        assertThat(Files.readString(file)).contains("AILLEURS");

        // the server comes back on the same port: the timer retries and the directory converges
        InMemoryDirectoryServer back = ldap(base, port);
        for (Entry entry : server.search(base, SearchScope.SUB, "(objectClass=*)").getSearchEntries()) {
            if (back.getEntry(entry.getDN()) == null) {
                back.add(entry);
            }
        }
        JsonNode after = Schools.awaitPushed(admin(), down);
        assertThat(after.get("deadLetters").asLong()).isZero();
        assertThat(back.getEntry("uid=" + lost.get("login").asText() + ",ou=people," + base)).isNotNull();
        assertThat(back.getEntry("uid=" + second.get("login").asText() + ",ou=people," + base)).isNotNull();
        assertThat(uids(back, "ou=people," + base)).hasSize(3);
        assertThat(admin().get("/api/schools/" + down + "/target/drift").json().get("inSync").asBoolean()).isTrue();
    }

    @Test
    void only_administrators_configure_directors_replay_their_own_school_inspectors_read_the_status()
            throws Exception {
        String uai = registerSchool("École des Pins");
        String other = registerSchool("École des Chênes");
        String base = "dc=pins,dc=test";
        InMemoryDirectoryServer server = ldap(base, 0);
        Api director = user(createUser("DIRECTOR", uai));
        Api inspector = user(createUser("INSPECTOR", uai));
        Api otherDirector = user(createUser("DIRECTOR", other));
        String path = "/api/schools/" + uai + "/target";

        assertThat(director.send("PUT", path, ldapTarget(server, base), Map.of()).status()).isEqualTo(403);
        assertThat(director.post(path + "/replay", Map.of()).status()).as("no target yet").isEqualTo(409);
        assertThat(admin().send("PUT", path, ldapTarget(server, base), Map.of()).status()).isEqualTo(200);
        assertThat(director.post(path + "/replay", Map.of()).status()).isEqualTo(200);
        assertThat(director.get(path + "/drift").status()).isEqualTo(200);
        assertThat(inspector.get(path + "/status").status()).isEqualTo(200);
        assertThat(inspector.post(path + "/replay", Map.of()).status()).isEqualTo(403);
        assertThat(inspector.get(path + "/drift").status()).isEqualTo(403);
        assertThat(otherDirector.get(path + "/status").status()).isEqualTo(403);
        assertThat(otherDirector.post(path + "/replay", Map.of()).status()).isEqualTo(403);
        assertThat(anonymous().get(path + "/status").status()).isEqualTo(401);
        assertThat(director.get(path).body()).doesNotContain(BIND_PASSWORD);
    }

    @Test
    void bad_configurations_are_refused_with_what_to_fix_and_a_saved_password_is_kept() throws Exception {
        String uai = registerSchool("École des Ormes");
        String base = "dc=ormes,dc=test";
        InMemoryDirectoryServer server = ldap(base, 0);
        String path = "/api/schools/" + uai + "/target";
        Map<String, Object> body = ldapTarget(server, base);

        assertThat(admin().send("PUT", "/api/schools/" + newUai() + "/target", body, Map.of()).status())
                .as("a school that is not registered").isEqualTo(404);
        body.put("url", "http://example.org");
        assertThat(admin().send("PUT", path, body, Map.of()).json().get("detail").asText()).contains("ldap://");
        body.put("url", "ldaps://127.0.0.1:636");
        body.put("startTls", true);
        assertThat(admin().send("PUT", path, body, Map.of()).json().get("detail").asText()).contains("StartTLS");
        body = ldapTarget(server, base);
        body.put("baseDn", "pas un DN");
        assertThat(admin().send("PUT", path, body, Map.of()).status()).isEqualTo(400);
        assertThat(admin().send("PUT", path, Map.of("type", "FILE", "directory", "../../etc"), Map.of()).json()
                .get("detail").asText()).contains("must be inside");
        body = ldapTarget(server, base);
        body.remove("password");
        assertThat(admin().send("PUT", path, body, Map.of()).json().get("detail").asText()).contains("password");

        assertThat(admin().send("PUT", path, ldapTarget(server, base), Map.of()).status()).isEqualTo(200);
        body = ldapTarget(server, base);
        body.remove("password");
        Api.Response resaved = admin().send("PUT", path, body, Map.of());
        assertThat(resaved.status()).isEqualTo(200);
        assertThat(resaved.json().get("reachable").asBoolean()).as("the stored password is kept").isTrue();

        body.put("password", "wrong-password");
        Api.Response wrong = admin().send("PUT", path, body, Map.of());
        assertThat(wrong.json().get("reachable").asBoolean()).isFalse();
        assertThat(wrong.json().get("check").asText()).contains("invalid credentials");
    }
}
