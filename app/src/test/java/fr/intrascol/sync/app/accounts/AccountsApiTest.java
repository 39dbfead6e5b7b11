package fr.intrascol.sync.app.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.message.query.ChangePage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Registering a school, opening, correcting and reading accounts, over HTTP, as a person would. */
class AccountsApiTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_pupil_with_accents_apostrophes_and_hyphens_is_opened_corrected_and_its_history_tells_who_what_and_why() {
        String uai = registerSchool("École élémentaire Jean-Jaurès");
        JsonNode created = createPupil(admin(), uai, "D'ALMEIDA", "Héloïse-Marie", "2019-05-03", "CP");
        assertThat(created.get("login").asText()).isEqualTo("h.dalmeida");
        assertThat(created.get("lastName").asText()).isEqualTo("D'ALMEIDA");
        assertThat(created.get("firstName").asText()).isEqualTo("Héloïse-Marie");
        assertThat(created.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(created.get("password").asText()).hasSize(10);
        String id = created.get("accountId").asText();

        Api.Response corrected = admin().patch("/api/accounts/" + id,
                Map.of("firstName", "Héloïse", "reason", "Prénom mal saisi"), Map.of("If-Match", "\"1\""));
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);
        assertThat(corrected.json().get("firstName").asText()).isEqualTo("Héloïse");
        assertThat(corrected.json().get("login").asText()).as("a login never changes with a name").isEqualTo("h.dalmeida");
        assertThat(corrected.header("ETag")).isEqualTo("\"2\"");

        JsonNode history = admin().get("/api/accounts/" + id + "/history").json();
        assertThat(history).hasSize(2);
        JsonNode creation = history.get(0);
        assertThat(creation.get("type").asText()).isEqualTo("AccountCreated");
        assertThat(creation.get("actor").asText()).isEqualTo("admin");
        assertThat(creation.get("origin").asText()).isEqualTo("MANUAL");
        assertThat(creation.get("reason").asText()).isEqualTo("arrivée en cours d'année");
        assertThat(creation.toString()).doesNotContain(created.get("password").asText()).doesNotContain("CRYPT");
        JsonNode correction = history.get(1);
        assertThat(correction.get("type").asText()).isEqualTo("AccountNamesCorrected");
        assertThat(correction.get("reason").asText()).isEqualTo("Prénom mal saisi");
        assertThat(correction.get("at").asText()).isNotBlank();
        assertThat(correction.get("correlationId").asText()).isNotBlank();
        assertThat(correction.get("changes")).hasSize(1);
        assertThat(correction.get("changes").get(0).get("field").asText()).isEqualTo("firstName");
        assertThat(correction.get("changes").get(0).get("from").asText()).isEqualTo("Héloïse-Marie");
        assertThat(correction.get("changes").get(0).get("to").asText()).isEqualTo("Héloïse");

        JsonNode accounts = admin().get("/api/schools/" + uai + "/accounts").json();
        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).get("firstName").asText()).isEqualTo("Héloïse");
        assertThat(accounts.get(0).has("password")).isFalse();
    }

    @Test
    void class_moves_suspension_reactivation_and_password_reset_are_each_recorded() {
        String uai = registerSchool("École du Port");
        String id = createPupil(admin(), uai, "MARTIN", "Lucas", "2018-01-15", "CE1").get("accountId").asText();

        Api.Response moved = admin().patch("/api/accounts/" + id,
                Map.of("classGroup", "CE2 M. ROYER", "level", "CE2", "reason", "passage anticipé"), Map.of());
        assertThat(moved.json().get("classGroup").asText()).isEqualTo("CE2 M. ROYER");
        assertThat(moved.json().get("level").asText()).isEqualTo("CE2");

        Api.Response suspended = admin().patch("/api/accounts/" + id, Map.of("status", "SUSPENDED", "reason", "départ"), Map.of());
        assertThat(suspended.json().get("status").asText()).isEqualTo("SUSPENDED");
        Api.Response reactivated = admin().patch("/api/accounts/" + id, Map.of("status", "ACTIVE", "reason", "retour"), Map.of());
        assertThat(reactivated.json().get("status").asText()).isEqualTo("ACTIVE");

        Api.Response reset = admin().post("/api/accounts/" + id + "/password-reset", Map.of("reason", "mot de passe oublié"));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(reset.json().get("password").asText()).hasSize(10);
        assertThat(reset.json().get("login").asText()).isEqualTo("lucas.martin");
        assertThat(reset.header("Cache-Control")).contains("no-store");

        JsonNode history = admin().get("/api/accounts/" + id + "/history").json();
        List<String> types = new ArrayList<>();
        history.forEach(h -> types.add(h.get("type").asText()));
        assertThat(types).containsExactly("AccountCreated", "AccountClassChanged", "AccountSuspended",
                "AccountReactivated", "AccountPasswordReset");
        assertThat(history.get(2).get("changes").get(0).get("from").asText()).isEqualTo("ACTIVE");
        JsonNode page = admin().get("/api/accounts/" + id + "/history?page=1&size=2").json();
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("type").asText()).isEqualTo("AccountSuspended");
        assertThat(history.get(2).get("changes").get(0).get("to").asText()).isEqualTo("SUSPENDED");
        assertThat(history.toString()).doesNotContain(reset.json().get("password").asText());
    }

    @Test
    void teachers_and_staff_are_opened_by_hand_without_level() {
        String uai = registerSchool("École des Tilleuls");
        Map<String, Object> teacher = new HashMap<>(Map.of("role", "TEACHER", "lastName", "COLIN",
                "firstName", "Anne", "classGroup", "CP Mme COLIN"));
        Api.Response response = admin().post("/api/schools/" + uai + "/accounts", teacher);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("role").asText()).isEqualTo("TEACHER");
        assertThat(response.json().get("login").asText()).isEqualTo("anne.colin");
        assertThat(response.json().get("level").isNull()).isTrue();

        teacher.put("level", "CP");
        teacher.put("firstName", "Paul");
        Api.Response refused = admin().post("/api/schools/" + uai + "/accounts", teacher);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).contains("Only pupils have a level");
    }

    @Test
    void the_audit_log_filters_by_school_and_actor_and_pages() {
        String uai = registerSchool("École Victor-Hugo");
        for (int i = 0; i < 3; i++) {
            createPupil(admin(), uai, "BERNARD", "Enfant" + (char) ('A' + i), "2017-02-0" + (i + 1), "CE2");
        }
        JsonNode page = admin().get("/api/audit?school=" + uai + "&size=2&page=0").json();
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("totalExact").asBoolean()).isTrue();
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("index").asLong())
                .isGreaterThan(page.get("items").get(1).get("index").asLong());
        JsonNode second = admin().get("/api/audit?school=" + uai + "&size=2&page=1").json();
        assertThat(second.get("items")).hasSize(1);

        assertThat(admin().get("/api/audit?school=" + uai + "&actor=nobody").json().get("total").asLong()).isZero();
        assertThat(admin().get("/api/audit?school=" + uai + "&actor=admin&from=2000-01-01").json()
                .get("total").asLong()).isEqualTo(3);
        assertThat(admin().get("/api/audit?school=" + uai + "&to=2000-01-01").json().get("total").asLong()).isZero();
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString();
        assertThat(admin().get("/api/audit?school=" + uai + "&from=" + today + "&to=" + today).json()
                .get("total").asLong()).as("a date-only 'to' includes that whole day").isEqualTo(3);
        Api.Response badDate = admin().get("/api/audit?from=yesterday");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("field").asText()).isEqualTo("from");
    }

    @Test
    void an_audit_log_of_more_than_ten_thousand_entries_says_so_and_still_pages_past_them() {
        String uai = registerSchool("École du grand registre");
        createPupil(admin(), uai, "MARTIN", "Réel", "2017-02-01", "CE2");
        // Entries are written into the read model directly: 10,000 real account events would take minutes.
        // Negative event indexes never meet a real event's, and the rows go away after the test.
        int synthetic = ChangePage.COUNT_LIMIT + 49;
        jdbc.update("INSERT INTO account_change (event_index, event_id, at, uai, account_id, actor, origin, type,"
                + " changes) SELECT -1000000 - n, 'audit-cap-' || ? || '-' || n, now() - n * interval '1 second', ?,"
                + " gen_random_uuid(), 'admin', 'MANUAL', 'AccountSuspended', '[]'::jsonb"
                + " FROM generate_series(1, ?) n", uai, uai, synthetic);
        try {
            JsonNode first = admin().get("/api/audit?school=" + uai + "&size=50").json();
            assertThat(first.get("total").asLong()).isEqualTo(ChangePage.COUNT_LIMIT);
            assertThat(first.get("totalExact").asBoolean()).as("more entries than counted").isFalse();
            assertThat(first.get("items")).hasSize(50);
            assertThat(first.get("items").get(0).get("type").asText()).as("the real event is the newest")
                    .isEqualTo("AccountCreated");
            JsonNode last = admin().get("/api/audit?school=" + uai + "&size=50&page=200").json();
            assertThat(last.get("items")).as("entries 10,001 to 10,050 of 10,050").hasSize(50);
            assertThat(admin().get("/api/audit?school=" + uai + "&size=50&page=201").json().get("items")).isEmpty();
            JsonNode filtered = admin().get("/api/audit?school=" + uai + "&actor=admin&from=2000-01-01").json();
            assertThat(filtered.get("totalExact").asBoolean()).isFalse();
        } finally {
            jdbc.update("DELETE FROM account_change WHERE uai = ? AND event_index < 0", uai);
        }
        JsonNode after = admin().get("/api/audit?school=" + uai).json();
        assertThat(after.get("total").asLong()).isEqualTo(1);
        assertThat(after.get("totalExact").asBoolean()).isTrue();
    }

    @Test
    void mistakes_get_problem_details_a_person_can_act_on() {
        Api.Response badUai = admin().post("/api/schools", Map.of("uai", "0170001K", "name", "École"));
        assertThat(badUai.status()).isEqualTo(400);
        assertThat(badUai.header("Content-Type")).contains("application/problem+json");
        assertThat(badUai.json().get("detail").asText()).contains("check letter").contains("J");
        assertThat(badUai.json().get("field").asText()).isEqualTo("uai");

        String uai = registerSchool("École Pasteur");
        Api.Response duplicateSchool = admin().post("/api/schools", Map.of("uai", uai, "name", "Autre"));
        assertThat(duplicateSchool.status()).isEqualTo(409);
        assertThat(duplicateSchool.json().get("detail").asText()).contains("already registered");

        Api.Response unknown = admin().get("/api/schools/" + newUai() + "/accounts");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("is not registered");
        Api.Response unknownCreate = admin().post("/api/schools/" + newUai() + "/accounts",
                Map.of("role", "STAFF", "lastName", "X", "firstName", "Y"));
        assertThat(unknownCreate.status()).isEqualTo(404);

        createPupil(admin(), uai, "PETIT", "Jules", "2016-06-30", "CM1");
        Map<String, Object> again = Map.of("role", "PUPIL", "lastName", "Petit", "firstName", "JULES",
                "birthDate", "2016-06-30", "level", "CM1");
        Api.Response duplicatePupil = admin().post("/api/schools/" + uai + "/accounts", again);
        assertThat(duplicatePupil.status()).isEqualTo(409);
        assertThat(duplicatePupil.json().get("detail").asText()).contains("already has an account").contains("jules.petit");

        Api.Response badDate = admin().post("/api/schools/" + uai + "/accounts", Map.of("role", "PUPIL",
                "lastName", "PETIT", "firstName", "Léon", "birthDate", "31/02/2016", "level", "CM1"));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("field").asText()).isEqualTo("birthDate");
        assertThat(badDate.json().get("detail").asText()).contains("yyyy-MM-dd");

        Api.Response badLevel = admin().post("/api/schools/" + uai + "/accounts", Map.of("role", "PUPIL",
                "lastName", "PETIT", "firstName", "Léon", "birthDate", "2016-02-03", "level", "CX"));
        assertThat(badLevel.json().get("detail").asText()).contains("CM2");

        Api.Response noName = admin().post("/api/schools/" + uai + "/accounts", Map.of("role", "STAFF",
                "lastName", " ", "firstName", "Léon"));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("field").asText()).isEqualTo("lastName");

        Api.Response notJson = admin().send("POST", "/api/schools/" + uai + "/accounts", "[1,2", Map.of());
        assertThat(notJson.status()).isEqualTo(400);

        Api.Response unknownAccount = admin().get("/api/accounts/00000000-0000-0000-0000-000000000000/history");
        assertThat(unknownAccount.status()).isEqualTo(404);

        Api.Response unsupported = admin().patch("/api/accounts/" + admin().get("/api/schools/" + uai + "/accounts")
                .json().get(0).get("accountId").asText(), Map.of("birthDate", "2016-07-01", "reason", "acte"), Map.of());
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.json().get("field").asText()).isEqualTo("birthDate");
        assertThat(unsupported.json().get("detail").asText()).contains("classGroup").contains("Nothing was changed");

        Api.Response longReason = admin().post("/api/schools/" + uai + "/accounts", Map.of("role", "STAFF",
                "lastName", "LONG", "firstName", "Raison", "reason", "x".repeat(501)));
        assertThat(longReason.status()).isEqualTo(400);
        assertThat(longReason.json().get("field").asText()).isEqualTo("reason");

        Api.Response asOf = admin().get("/api/schools/" + uai + "/accounts?asOf=yesterday");
        assertThat(asOf.status()).isEqualTo(400);
        assertThat(asOf.json().get("field").asText()).isEqualTo("asOf");
    }

    @Test
    void names_that_look_like_code_are_stored_as_plain_text() {
        String uai = registerSchool("École Curie");
        JsonNode pupil = createPupil(admin(), uai, "=HYPERLINK(\"http://x\")", "<script>alert(1)</script>",
                "2018-03-03", "CE1");
        assertThat(pupil.get("lastName").asText()).isEqualTo("=HYPERLINK(\"http://x\")");
        assertThat(pupil.get("firstName").asText()).isEqualTo("<script>alert(1)</script>");
        assertThat(pupil.get("login").asText()).matches("[a-z0-9.]+");
    }
}
