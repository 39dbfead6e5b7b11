package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Rolling back an applied import: compensating events, conflicts with later changes, and a fresh start. */
class ImportRollbackTest extends IntegrationTest {

    private String applyFixture(String uai, String fixture) {
        Api.Response planned = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                ImportsApiTest.fixture(fixture));
        assertThat(planned.status()).as(planned.toString()).isEqualTo(201);
        String id = planned.json().get("importId").asText();
        Api.Response applied = admin().post("/api/imports/" + id + "/apply", Map.of());
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        return id;
    }

    /** The accounts as a person reads them: every field but the version counters. */
    private Map<String, String> accounts(String uai) {
        Map<String, String> accounts = new TreeMap<>();
        for (JsonNode account : admin().get("/api/schools/" + uai + "/accounts").json()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) account).remove("version");
            accounts.put(account.get("accountId").asText(), account.toString());
        }
        return accounts;
    }

    /** The account of the import's first class move. */
    private String firstMoved(String importId) {
        for (JsonNode change : admin().get("/api/imports/" + importId).json().get("changes")) {
            if (change.get("kind").asText().equals("MOVE")) {
                return change.get("accountId").asText();
            }
        }
        throw new AssertionError("import " + importId + " moved nobody");
    }

    private Api.Response rollback(String importId, Map<String, Object> body) {
        return admin().post("/api/imports/" + importId + "/rollback", body);
    }

    @Test
    void rolling_back_year_two_gives_back_exactly_the_accounts_before_it_and_it_can_be_applied_again() {
        String uai = registerSchool("École retour arrière");
        applyFixture(uai, "onde-2026/0170001J.csv");
        Map<String, String> beforeYear2 = accounts(uai);
        String year2 = applyFixture(uai, "onde-2027/0170001J.csv");
        Map<String, String> afterYear2 = accounts(uai);
        assertThat(afterYear2).isNotEqualTo(beforeYear2);
        JsonNode plan = admin().get("/api/imports/" + year2).json();
        int changes = plan.get("changes").size();

        assertThat(rollback(year2, Map.of()).status()).as("a reason is required").isEqualTo(400);
        Api.Response rolledBack = rollback(year2, Map.of("reason", "fichier de la mauvaise école"));
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
        assertThat(rolledBack.json().get("status").asText()).isEqualTo("ROLLED_BACK");
        assertThat(rolledBack.json().get("compensated").asInt()).isEqualTo(changes);
        assertThat(rolledBack.json().get("conflicts")).isEmpty();
        assertThat(rolledBack.json().get("rolledBackBy").asText()).isEqualTo("admin");

        assertThat(accounts(uai)).as("the accounts before year 2, exactly").isEqualTo(beforeYear2);
        JsonNode withErased = admin().get("/api/schools/" + uai + "/accounts?includeErased=true").json();
        assertThat(withErased.size()).isGreaterThan(beforeYear2.size());

        // the rollback is in the history of every account it changed, with its reason
        String moved = firstMoved(year2);
        JsonNode history = admin().get("/api/accounts/" + moved + "/history").json();
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.get("origin").asText()).isEqualTo("ROLLBACK");
        assertThat(last.get("importId").asText()).isEqualTo(year2);
        assertThat(last.get("reason").asText()).isEqualTo("fichier de la mauvaise école");
        JsonNode status = admin().get("/api/imports/" + year2).json();
        assertThat(status.get("status").asText()).isEqualTo("ROLLED_BACK");
        assertThat(status.get("rollback").get("reason").asText()).isEqualTo("fichier de la mauvaise école");

        assertThat(rollback(year2, Map.of("reason", "encore")).status()).isEqualTo(409);
        assertThat(admin().download("/api/imports/" + year2 + "/credentials.pdf").statusCode())
                .as("no credentials sheet for closed accounts").isEqualTo(404);
        Api.Response reapply = admin().post("/api/imports/" + year2 + "/apply", Map.of());
        assertThat(reapply.status()).isEqualTo(409);
        assertThat(reapply.json().get("detail").asText()).contains("applied and rolled back");

        // planned again against today's accounts, it gives the same result as the first time
        applyFixture(uai, "onde-2027/0170001J.csv");
        Map<String, String> again = accounts(uai);
        assertThat(again.size()).isEqualTo(afterYear2.size());
        assertThat(logins(again)).isEqualTo(logins(afterYear2));
    }

    private static List<String> logins(Map<String, String> accounts) {
        List<String> logins = new ArrayList<>();
        accounts.values().forEach(a -> logins.add(a.replaceAll(".*\"login\":\"([^\"]+)\".*", "$1")));
        return logins.stream().sorted().toList();
    }

    @Test
    void a_manual_edit_after_the_import_is_a_conflict_and_is_kept() {
        String uai = registerSchool("École conflit");
        applyFixture(uai, "onde-2026/0170002K.csv");
        String year2 = applyFixture(uai, "onde-2027/0170002K.csv");
        JsonNode plan = admin().get("/api/imports/" + year2).json();
        String moved = firstMoved(year2);
        Api.Response edit = admin().patch("/api/accounts/" + moved, Map.of("classGroup", "Classe choisie à la main",
                "reason", "demande des parents"), Map.of());
        assertThat(edit.status()).isEqualTo(200);

        Api.Response rolledBack = rollback(year2, Map.of("reason", "erreur"));
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
        JsonNode conflicts = rolledBack.json().get("conflicts");
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).get("accountId").asText()).isEqualTo(moved);
        assertThat(conflicts.get(0).get("change").asText()).isEqualTo("MOVE");
        assertThat(rolledBack.json().get("compensated").asInt()).isEqualTo(plan.get("changes").size() - 1);
        assertThat(admin().get("/api/accounts/" + moved).json().get("classGroup").asText())
                .as("the manual edit is kept").isEqualTo("Classe choisie à la main");
    }

    @Test
    void force_reverts_even_what_was_changed_since() {
        String uai = registerSchool("École forcée");
        applyFixture(uai, "onde-2026/0170002K.csv");
        JsonNode before = admin().get("/api/schools/" + uai + "/accounts").json();
        String year2 = applyFixture(uai, "onde-2027/0170002K.csv");
        String moved = firstMoved(year2);
        String originalClass = null;
        for (JsonNode account : before) {
            if (account.get("accountId").asText().equals(moved)) {
                originalClass = account.get("classGroup").asText();
            }
        }
        admin().patch("/api/accounts/" + moved, Map.of("classGroup", "Classe à la main"), Map.of());
        Api.Response forced = rollback(year2, Map.of("reason", "erreur", "force", true));
        assertThat(forced.json().get("conflicts")).hasSize(1);
        assertThat(forced.json().get("conflicts").get(0).get("message").asText()).contains("force");
        assertThat(admin().get("/api/accounts/" + moved).json().get("classGroup").asText()).isEqualTo(originalClass);
    }

    @Test
    void only_an_applied_import_of_ones_own_school_is_rolled_back() {
        String uai = registerSchool("École gardée 2");
        Api.Response planned = admin().upload("/api/schools/" + uai + "/imports", "x.csv",
                ImportsApiTest.fixture("onde-2026/0170002K.csv"));
        String id = planned.json().get("importId").asText();
        assertThat(rollback(id, Map.of("reason", "x")).status()).as("never applied").isEqualTo(409);
        String refused = admin().upload("/api/schools/" + uai + "/imports", "vide.csv",
                ImportsApiTest.fixture("bad/empty.csv")).json().get("importId").asText();
        Api.Response refusedRollback = rollback(refused, Map.of("reason", "x"));
        assertThat(refusedRollback.status()).isEqualTo(409);
        assertThat(refusedRollback.json().get("detail").asText()).contains("nothing to roll back");
        admin().post("/api/imports/" + id + "/apply", Map.of());
        Api director = user(createUser("DIRECTOR", registerSchool("École voisine 2")));
        assertThat(director.post("/api/imports/" + id + "/rollback", Map.of("reason", "x")).status()).isEqualTo(403);
        Api inspector = user(createUser("INSPECTOR", uai));
        assertThat(inspector.post("/api/imports/" + id + "/rollback", Map.of("reason", "x")).status()).isEqualTo(403);
    }

    @Test
    void accounts_as_of_a_past_instant_are_as_they_were_then_even_after_a_rollback() throws Exception {
        String uai = registerSchool("École mémoire");
        applyFixture(uai, "onde-2026/0170002K.csv");
        JsonNode atYear1 = admin().get("/api/schools/" + uai + "/accounts").json();
        Thread.sleep(20);
        String afterYear1 = java.time.Instant.now().toString();
        Thread.sleep(20);
        String year2 = applyFixture(uai, "onde-2027/0170002K.csv");
        JsonNode atYear2 = admin().get("/api/schools/" + uai + "/accounts").json();
        Thread.sleep(20);
        String afterYear2 = java.time.Instant.now().toString();
        Thread.sleep(20);
        assertThat(rollback(year2, Map.of("reason", "erreur")).status()).isEqualTo(200);

        assertThat(admin().get("/api/schools/" + uai + "/accounts?asOf=" + afterYear1).json()).isEqualTo(atYear1);
        assertThat(admin().get("/api/schools/" + uai + "/accounts?asOf=" + afterYear2).json())
                .as("including the accounts the rollback closed since").isEqualTo(atYear2);
        assertThat(admin().get("/api/schools/" + uai + "/accounts?asOf=2000-01-01").json()).isEmpty();
    }

    @Test
    void rolling_back_two_imports_newest_first_reports_no_conflict_and_a_password_reset_is_no_conflict() {
        String uai = registerSchool("École deux retours");
        String year1 = applyFixture(uai, "onde-2026/0170001J.csv");
        Map<String, String> afterYear1 = accounts(uai);
        String year2 = applyFixture(uai, "onde-2027/0170001J.csv");
        String someone = admin().get("/api/schools/" + uai + "/accounts").json().get(0).get("accountId").asText();
        assertThat(admin().post("/api/accounts/" + someone + "/password-reset", Map.of()).status()).isEqualTo(200);

        Api.Response second = rollback(year2, Map.of("reason", "année 2 erronée"));
        assertThat(second.json().get("conflicts")).as("a password reset changes nothing an import set").isEmpty();
        Api.Response first = rollback(year1, Map.of("reason", "année 1 erronée"));
        assertThat(first.json().get("conflicts")).as("year 2's rollback left year 1's state intact").isEmpty();
        assertThat(accounts(uai)).isEmpty();
        assertThat(afterYear1).isNotEmpty();
    }
}
