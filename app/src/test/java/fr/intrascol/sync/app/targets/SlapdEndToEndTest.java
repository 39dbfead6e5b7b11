package fr.intrascol.sync.app.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.app.bench.Slapd;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end against a real OpenLDAP slapd (started by the test harness on loopback with its own
 * configuration): two school years of ONDE extractions, slapd killed in the middle of a push, a replay
 * onto a second, empty slapd, and the injection fixture.
 */
class SlapdEndToEndTest extends IntegrationTest {

    private static Map<String, Object> target(Slapd slapd) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "LDAP");
        body.put("url", slapd.url());
        body.put("bindDn", slapd.bindDn());
        body.put("password", slapd.bindPassword());
        body.put("baseDn", slapd.suffix());
        return body;
    }

    /** The directory must hold exactly the school's accounts, each where its status puts it, in its groups. */
    private void assertDirectoryHoldsTheAccounts(Slapd slapd, String uai) {
        String base = slapd.suffix();
        SortedMap<String, SortedMap<String, List<String>>> entries = slapd.searchAll();
        Map<String, List<String>> groups = new TreeMap<>();
        List<String> uids = new ArrayList<>();
        entries.forEach((dn, attributes) -> {
            if (attributes.containsKey("uid")) {
                uids.add(attributes.get("uid").get(0));
            }
            if (attributes.get("objectClass").contains("groupOfNames")) {
                groups.put(attributes.get("cn").get(0), attributes.get("member"));
            }
        });
        JsonNode accounts = admin().get("/api/schools/" + uai + "/accounts").json();
        List<String> expectedUids = new ArrayList<>();
        Map<String, TreeSet<String>> expectedGroups = new TreeMap<>();
        for (JsonNode account : accounts) {
            String login = account.get("login").asText();
            String status = account.get("status").asText();
            expectedUids.add(login);
            String dn = "uid=" + login + "," + (status.equals("ACTIVE") ? "ou=people," : "ou=disabled,") + base;
            assertThat(entries).as(login + " " + status).containsKey(dn);
            SortedMap<String, List<String>> entry = entries.get(dn);
            assertThat(entry.get("sn")).containsExactly(account.get("usageName").isNull()
                    ? account.get("lastName").asText() : account.get("usageName").asText());
            assertThat(entry.get("givenName")).containsExactly(account.get("firstName").asText());
            assertThat(entry.get("employeeNumber")).containsExactly(account.get("accountId").asText());
            assertThat(entry.get("userPassword").get(0)).startsWith("{CRYPT}$6$");
            if (status.equals("ACTIVE")) {
                expectedGroups.computeIfAbsent("classe-" + account.get("classGroup").asText(), g -> new TreeSet<>())
                        .add(dn);
                expectedGroups.computeIfAbsent("eleves", g -> new TreeSet<>()).add(dn);
            }
        }
        assertThat(uids).as("each account once, nothing else").containsExactlyInAnyOrderElementsOf(expectedUids);
        Map<String, List<String>> expected = new TreeMap<>();
        expectedGroups.forEach((name, members) -> expected.put(name, new ArrayList<>(members)));
        assertThat(groups).isEqualTo(expected);
    }

    @Test
    void two_school_years_reach_slapd_a_crash_mid_push_converges_and_a_replay_fills_an_empty_slapd()
            throws Exception {
        String uai = registerSchool("École de la Plage");
        try (Slapd slapd = Slapd.start("dc=ecole-" + uai.toLowerCase() + ",dc=intrascol,dc=test")) {
            Api.Response put = admin().send("PUT", "/api/schools/" + uai + "/target", target(slapd), Map.of());
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            assertThat(put.json().get("reachable").asBoolean()).isTrue();

            // year 1: every account and class group
            Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv");
            Schools.awaitPushed(admin(), uai);
            assertDirectoryHoldsTheAccounts(slapd, uai);
            assertThat(slapd.ldapsearch("(objectClass=inetOrgPerson)", "uid").lines()
                    .filter(l -> l.startsWith("uid:")).count())
                    .isEqualTo(admin().get("/api/schools/" + uai + "/accounts").json().size());

            // a pupil can log in with the password the school prints (the {CRYPT} hash is checked by slapd)
            JsonNode first = admin().get("/api/schools/" + uai + "/accounts").json().get(0);
            JsonNode reset = admin().post("/api/accounts/" + first.get("accountId").asText() + "/password-reset",
                    Map.of("reason", "oubli")).json();
            Schools.awaitPushed(admin(), uai);
            try (LDAPConnection connection = new LDAPConnection(slapd.host(), slapd.port())) {
                connection.bind("uid=" + reset.get("login").asText() + ",ou=people," + slapd.suffix(),
                        reset.get("password").asText());
            }

            // year 2, with slapd killed in the middle of the push
            SortedMap<String, SortedMap<String, List<String>>> before = slapd.searchAll();
            Schools.importFixture(admin(), uai, "onde-2027/0170001J.csv");
            long deadline = System.currentTimeMillis() + 20_000;
            while (slapd.searchAll().equals(before) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            slapd.kill();
            JsonNode waiting = admin().get("/api/schools/" + uai + "/target/status").json();
            Thread.sleep(1500);
            slapd.restart();
            JsonNode status = Schools.awaitPushed(admin(), uai);
            assertThat(status.get("deadLetters").asLong()).isZero();
            assertDirectoryHoldsTheAccounts(slapd, uai);
            assertThat(admin().get("/api/schools/" + uai + "/accounts").json().findValuesAsText("status"))
                    .as("the 2027 file suspends the pupils who left").contains("SUSPENDED");
            assertThat(admin().get("/api/schools/" + uai + "/target/drift").json().get("inSync").asBoolean())
                    .as("after the crash (lag then %s)", waiting.get("lag")).isTrue();

            // a second, empty slapd for the same school: the replay gives identical entries
            try (Slapd blank = Slapd.start(slapd.suffix())) {
                Map<String, Object> body = target(blank);
                assertThat(admin().send("PUT", "/api/schools/" + uai + "/target", body, Map.of()).status())
                        .isEqualTo(200);
                Api.Response replay = admin().post("/api/schools/" + uai + "/target/replay", Map.of());
                assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
                assertThat(blank.searchAll()).isEqualTo(slapd.searchAll());
            }
        }
    }

    @Test
    void names_that_try_ldap_injection_become_harmless_entries_in_slapd() {
        String uai = registerSchool("École des Essais");
        try (Slapd slapd = Slapd.start("dc=ecole-" + uai.toLowerCase() + ",dc=intrascol,dc=test")) {
            assertThat(admin().send("PUT", "/api/schools/" + uai + "/target", target(slapd), Map.of()).status())
                    .isEqualTo(200);
            Schools.importFixture(admin(), uai, "bad/injection-attempts.csv");
            Schools.awaitPushed(admin(), uai);
            assertDirectoryHoldsTheAccounts(slapd, uai);
            String all = slapd.ldapsearch("(objectClass=*)", "dn", "sn", "givenName");
            assertThat(slapd.ldapsearch("(ou=admins)")).isBlank();
            assertThat(slapd.searchAll().keySet()).allSatisfy(dn -> assertThat(dn).doesNotContain("ou=admins,"));
            assertThat(all).contains("sn: DUPONT,ou=admins").contains("givenName: Hugo*)(uid=*");
        }
    }
}
