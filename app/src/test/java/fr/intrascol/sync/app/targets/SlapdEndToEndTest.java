package fr.intrascol.sync.app.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.testsupport.Eventually;
import fr.intrascol.sync.testsupport.ExtractionGenerator;
import fr.intrascol.sync.testsupport.Slapd;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
    void two_school_years_reach_slapd_and_a_replay_fills_an_empty_slapd()
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

            // year 2: moves and suspensions
            Schools.importFixture(admin(), uai, "onde-2027/0170001J.csv");
            Schools.awaitPushed(admin(), uai);
            assertDirectoryHoldsTheAccounts(slapd, uai);
            assertThat(admin().get("/api/schools/" + uai + "/accounts").json().findValuesAsText("status"))
                    .as("the 2027 file suspends the pupils who left").contains("SUSPENDED");
            assertThat(admin().get("/api/schools/" + uai + "/target/drift").json().get("inSync").asBoolean())
                    .isTrue();

            // someone edits the directory by hand: drift shows it, a repair undoes it
            editByHandThenRepair(slapd, uai);

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

    /** Uploads a generated extraction and applies it, confirming the renames and a mass departure. */
    private void importGenerated(String uai, List<ExtractionGenerator.GeneratedPupil> pupils) {
        Api.Response upload = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                ExtractionGenerator.write(pupils, ExtractionGenerator.Style.ONDE,
                        ExtractionGenerator.Encoding.WINDOWS_1252));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        assertThat(upload.json().get("problems")).isEmpty();
        List<Integer> renames = new ArrayList<>();
        upload.json().get("probableRenames").forEach(r -> renames.add(r.get("line").asInt()));
        Api.Response applied = admin().post("/api/imports/" + upload.json().get("importId").asText() + "/apply",
                Map.of("confirmRenames", renames, "confirmMassDeparture", true));
        assertThat(applied.status()).as(applied.toString()).isIn(200, 202);
    }

    @Test
    void slapd_killed_in_the_middle_of_a_push_converges_with_nothing_lost_or_duplicated() throws Exception {
        String uai = registerSchool("École des Dunes");
        try (Slapd slapd = Slapd.start("dc=ecole-" + uai.toLowerCase() + ",dc=intrascol,dc=test")) {
            assertThat(admin().send("PUT", "/api/schools/" + uai + "/target", target(slapd), Map.of()).status())
                    .isEqualTo(200);
            ExtractionGenerator generator = new ExtractionGenerator(2026);
            List<ExtractionGenerator.GeneratedPupil> year1 = generator.firstYear(240, 2026);
            importGenerated(uai, year1);
            Schools.awaitPushed(admin(), uai);
            assertDirectoryHoldsTheAccounts(slapd, uai);
            String statusPath = "/api/schools/" + uai + "/target/status";
            long failuresBefore = admin().get(statusPath).json().get("failures").asLong();

            // the next year changes almost every pupil's class: hundreds of pushes, slapd dies among them
            SortedMap<String, SortedMap<String, List<String>>> before = slapd.searchAll();
            importGenerated(uai, generator.nextYear(year1, 2027));
            long deadline = System.currentTimeMillis() + 20_000;
            while (slapd.searchAll().equals(before)) {
                assertThat(System.currentTimeMillis()).as("the push of the second year started").isLessThan(deadline);
                Thread.sleep(5);
            }
            slapd.kill();
            JsonNode killed = admin().get(statusPath).json();
            assertThat(killed.get("lag").asLong()).as("changes still to push when slapd died: %s", killed)
                    .isPositive();
            assertThat(killed.get("lastPushAt").isNull()).isFalse();
            Eventually.until("the projector fails against the dead slapd", Duration.ofSeconds(20), () -> {
                JsonNode status = admin().get(statusPath).json();
                return status.get("deadLetters").asLong() > 0 || status.get("failures").asLong() > failuresBefore;
            });
            JsonNode down = admin().get(statusPath).json();
            assertThat(down.get("lag").asLong()).as("nothing pushed while slapd is dead: %s", down).isPositive();

            slapd.restart();
            JsonNode status = Schools.awaitPushed(admin(), uai);
            assertThat(status.get("deadLetters").asLong()).isZero();
            assertThat(status.get("failures").asLong()).isGreaterThan(failuresBefore);
            assertDirectoryHoldsTheAccounts(slapd, uai);
            assertThat(admin().get("/api/schools/" + uai + "/target/drift").json().get("inSync").asBoolean())
                    .as("after the crash (lag %s when killed)", killed.get("lag")).isTrue();
            // no value twice in any entry (a group member added twice, a uid written twice)
            slapd.searchAll().forEach((dn, attributes) -> attributes.forEach((name, values) ->
                    assertThat(values).as(dn + " " + name).doesNotHaveDuplicates()));
        }
    }

    /**
     * Changes an active account's {@code sn} and adds a stray person through a plain LDAP connection to
     * slapd; the drift report names both, a repair puts the directory back, and the drift is then empty.
     */
    private void editByHandThenRepair(Slapd slapd, String uai) throws Exception {
        JsonNode victim = null;
        for (JsonNode account : admin().get("/api/schools/" + uai + "/accounts").json()) {
            if (account.get("status").asText().equals("ACTIVE")) {
                victim = account;
                break;
            }
        }
        assertThat(victim).isNotNull();
        String victimDn = "uid=" + victim.get("login").asText() + ",ou=people," + slapd.suffix();
        String strayDn = "uid=intrus,ou=people," + slapd.suffix();
        List<String> originalSn = slapd.searchAll().get(victimDn).get("sn");
        assertThat(originalSn).hasSize(1);
        try (LDAPConnection connection = slapd.connect()) {
            connection.modify(victimDn, new Modification(ModificationType.REPLACE, "sn", "RETOUCHÉ"));
            connection.add(new Entry(strayDn,
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                    new Attribute("uid", "intrus"), new Attribute("cn", "Intrus Manuel"),
                    new Attribute("sn", "Intrus")));
        }

        JsonNode drift = admin().get("/api/schools/" + uai + "/target/drift").json();
        assertThat(drift.get("inSync").asBoolean()).as(drift.toString()).isFalse();
        assertThat(drift.get("missing")).as(drift.toString()).isEmpty();
        assertThat(drift.get("extra")).as(drift.toString()).hasSize(1);
        assertThat(drift.get("extra").get(0).get("name").asText()).isEqualToIgnoringCase(strayDn);
        assertThat(drift.get("different")).as(drift.toString()).hasSize(1);
        JsonNode different = drift.get("different").get(0);
        assertThat(different.get("name").asText()).isEqualToIgnoringCase(victimDn);
        assertThat(different.get("accountId").asText()).isEqualTo(victim.get("accountId").asText());
        JsonNode sn = null;
        for (JsonNode difference : different.get("differences")) {
            if (difference.get("attribute").asText().equalsIgnoreCase("sn")) {
                sn = difference;
            }
        }
        assertThat(sn).as(different.toString()).isNotNull();
        assertThat(sn.get("expected").asText()).isEqualTo(originalSn.get(0));
        assertThat(sn.get("actual").asText()).isEqualTo("RETOUCHÉ");

        Api.Response repair = admin().post("/api/schools/" + uai + "/target/drift/repair", Map.of());
        assertThat(repair.status()).as(repair.toString()).isEqualTo(200);
        assertThat(repair.json().at("/changes/deleted").asInt()).isEqualTo(1);
        assertThat(repair.json().at("/changes/modified").asInt()).isEqualTo(1);
        assertThat(repair.json().at("/changes/added").asInt()).isZero();
        JsonNode after = admin().get("/api/schools/" + uai + "/target/drift").json();
        assertThat(after.get("inSync").asBoolean()).as(after.toString()).isTrue();
        assertThat(after.get("extra")).isEmpty();
        assertThat(after.get("different")).isEmpty();
        assertThat(slapd.searchAll().get(victimDn).get("sn")).isEqualTo(originalSn);
        assertThat(slapd.ldapsearch("(uid=intrus)", "dn")).isBlank();
        assertDirectoryHoldsTheAccounts(slapd, uai);
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
