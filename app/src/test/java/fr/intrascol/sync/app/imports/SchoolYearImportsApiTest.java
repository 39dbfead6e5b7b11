package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.privacy.RetentionJob;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.testsupport.Fixtures;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real cases of a school year, through the HTTP API: today's ONDE exports, files re-saved by a
 * spreadsheet, corrections made by hand, last year's file uploaded again, field-level rollbacks, plans
 * discarded by hand or by the retention rule, and plausibility warnings.
 */
class SchoolYearImportsApiTest extends IntegrationTest {

    @Autowired
    QueryGateway queries;
    @Autowired
    ImportService importService;
    @Autowired
    fr.intrascol.sync.app.privacy.ErasureService erasure;

    private JsonNode plan(String uai, byte[] file) {
        Api.Response response = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv", file);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return admin().get("/api/imports/" + response.json().get("importId").asText()).json();
    }

    private JsonNode applied(String importId, Map<String, Object> body) {
        Api.Response response = admin().post("/api/imports/" + importId + "/apply", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private String applyFixture(String uai, String fixture) {
        String id = plan(uai, Fixtures.be1d(fixture)).get("importId").asText();
        applied(id, Map.of());
        return id;
    }

    private JsonNode account(String id) {
        return admin().get("/api/accounts/" + id).json();
    }

    private JsonNode pupilByIne(String uai, String ine) {
        for (JsonNode account : admin().get("/api/schools/" + uai + "/accounts").json()) {
            if (ine.equals(account.path("ine").asText())) {
                return account;
            }
        }
        throw new AssertionError("no account with INE " + ine);
    }

    @Test
    void a_current_onde_export_with_iso_dates_over_the_older_export_of_the_same_pupils_plans_nothing() {
        String uai = registerSchool("École ONDE d'aujourd'hui");
        applyFixture(uai, "onde-2026/0170001J.csv");
        JsonNode plan = plan(uai, Fixtures.be1d("onde-iso-dates/0170001J.csv"));
        assertThat(plan.get("problems")).as(plan.toString()).isEmpty();
        assertThat(plan.get("changes")).isEmpty();
        JsonNode summary = plan.get("summary");
        assertThat(summary.get("arrivals").asInt()).isZero();
        assertThat(summary.get("departures").asInt()).isZero();
        assertThat(summary.get("moves").asInt()).isZero();
        assertThat(summary.get("renames").asInt()).isZero();
        assertThat(summary.get("unchanged").asInt()).isEqualTo(
                admin().get("/api/schools/" + uai + "/accounts").json().size());
    }

    @Test
    void a_file_re_saved_in_lower_case_plans_no_correction_and_keeps_the_stored_spelling() {
        String uai = registerSchool("École tableur");
        applyFixture(uai, "onde-2026/0170001J.csv");
        Charset cp1252 = Charset.forName("windows-1252");
        String text = new String(Fixtures.be1d("onde-2026/0170001J.csv"), cp1252);
        String[] lines = text.split("\r\n", -1);
        StringBuilder lower = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(";", -1);
            if (cells.length > 2) {
                cells[0] = cells[0].toLowerCase(Locale.ROOT) + "  ";
                cells[2] = " " + cells[2].toLowerCase(Locale.ROOT);
            }
            lower.append("\r\n").append(String.join(";", cells));
        }
        JsonNode plan = plan(uai, lower.toString().getBytes(cp1252));
        assertThat(plan.get("summary").get("renames").asInt()).isZero();
        assertThat(plan.get("changes")).isEmpty();
        assertThat(applied(plan.get("importId").asText(), Map.of()).get("summary").get("renames").asInt()).isZero();
        assertThat(admin().get("/api/schools/" + uai + "/accounts").json().get(0).get("lastName").asText())
                .isEqualTo(admin().get("/api/schools/" + uai + "/accounts").json().get(0).get("lastName").asText()
                        .toUpperCase(Locale.ROOT));
    }

    @Test
    void a_name_corrected_by_hand_survives_the_next_import_of_the_same_file_unless_the_file_value_is_taken() {
        String uai = registerSchool("École livret de famille");
        applyFixture(uai, "onde-2026/0170001J.csv");
        JsonNode lea = admin().get("/api/schools/" + uai + "/accounts").json().get(0);
        String id = lea.get("accountId").asText();
        String fileName = lea.get("firstName").asText();
        Api.Response corrected = admin().patch("/api/accounts/" + id,
                Map.of("firstName", fileName + "-Marie", "reason", "livret de famille"), Map.of());
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);

        JsonNode plan = plan(uai, Fixtures.be1d("onde-2026/0170001J.csv"));
        assertThat(plan.get("changes")).singleElement().satisfies(change -> {
            assertThat(change.get("accountId").asText()).isEqualTo(id);
            assertThat(change.get("revertsManualChange").asBoolean()).isTrue();
            assertThat(change.get("keepsManualValues").asBoolean()).isTrue();
            JsonNode manual = change.get("manualChanges").get(0);
            assertThat(manual.get("field").asText()).isEqualTo("firstName");
            assertThat(manual.get("by").asText()).isEqualTo("admin");
            assertThat(manual.get("reason").asText()).isEqualTo("livret de famille");
            assertThat(manual.get("at").asText()).isNotBlank();
        });
        assertThat(plan.get("summary").get("manualKept").asInt()).isEqualTo(1);
        applied(plan.get("importId").asText(), Map.of());
        assertThat(account(id).get("firstName").asText()).isEqualTo(fileName + "-Marie");

        JsonNode again = plan(uai, Fixtures.be1d("onde-2026/0170001J.csv"));
        assertThat(again.get("changes")).as("still marked: the manual value is still the account's").hasSize(1);
        Api.Response unknown = admin().post("/api/imports/" + again.get("importId").asText() + "/apply",
                Map.of("takeFileValues", List.of("00000000-0000-0000-0000-000000000000")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asText()).contains("takeFileValues");
        applied(again.get("importId").asText(), Map.of("takeFileValues", List.of(id)));
        assertThat(account(id).get("firstName").asText()).isEqualTo(fileName);
        Api.Response same = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                Fixtures.be1d("onde-2026/0170001J.csv"));
        assertThat(same.status()).as("nothing left to change: " + same).isEqualTo(200);
        assertThat(same.json().get("alreadyApplied").asBoolean()).isTrue();
    }

    @Test
    void last_years_file_after_this_years_is_refused_until_confirmed() {
        String uai = registerSchool("École à rebours");
        applyFixture(uai, "onde-2026/0170001J.csv");
        applyFixture(uai, "onde-2027/0170001J.csv");
        JsonNode plan = plan(uai, Fixtures.be1d("onde-2026/0170001J.csv"));
        assertThat(plan.get("olderFile").asBoolean()).isTrue();
        assertThat(plan.get("warnings").toString()).contains("OLDER_FILE");
        String id = plan.get("importId").asText();
        Api.Response refused = admin().post("/api/imports/" + id + "/apply", Map.of("confirmMassDeparture", true));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("OLDER_FILE");
        assertThat(refused.json().get("confirmWith").asText()).isEqualTo("confirmOlderFile");
        assertThat(refused.json().get("detail").asText()).contains("older than the last import");
        assertThat(admin().get("/api/imports/" + id).json().get("status").asText()).isEqualTo("PLANNED");
        applied(id, Map.of("confirmMassDeparture", true, "confirmOlderFile", true));
    }

    @Test
    void rolling_back_year_two_after_a_first_name_correction_puts_the_class_back_and_keeps_the_name() {
        String uai = registerSchool("École retour arrière");
        applyFixture(uai, "onde-2026/0170001J.csv");
        Map<String, JsonNode> year1 = new HashMap<>();
        admin().get("/api/schools/" + uai + "/accounts").json().forEach(a -> year1.put(a.get("accountId").asText(), a));
        String year2 = applyFixture(uai, "onde-2027/0170001J.csv");
        JsonNode move = null;
        for (JsonNode change : admin().get("/api/imports/" + year2).json().get("changes")) {
            if (change.get("kind").asText().equals("MOVE")) {
                move = change;
                break;
            }
        }
        assertThat(move).isNotNull();
        String id = move.get("accountId").asText();
        Api.Response corrected = admin().patch("/api/accounts/" + id, Map.of("firstName", "Prénom-Corrigé",
                "reason", "livret de famille"), Map.of());
        assertThat(corrected.status()).isEqualTo(200);

        JsonNode preview = admin().get("/api/imports/" + year2 + "/rollback-preview").json();
        assertThat(preview.get("conflicts").toString()).doesNotContain(id);
        assertThat(preview.get("reverts").toString()).contains(id);
        for (JsonNode revert : preview.get("reverts")) {
            if (revert.get("accountId").asText().equals(id)) {
                assertThat(revert.get("field").asText()).isIn("classGroup", "level");
            }
        }
        Api.Response rolledBack = admin().post("/api/imports/" + year2 + "/rollback", Map.of("reason", "mauvais fichier"));
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
        assertThat(rolledBack.json().get("conflicts").toString()).doesNotContain(id);
        JsonNode after = account(id);
        assertThat(after.get("classGroup").asText()).isEqualTo(year1.get(id).get("classGroup").asText());
        assertThat(after.get("level").asText()).isEqualTo(year1.get(id).get("level").asText());
        assertThat(after.get("firstName").asText()).isEqualTo("Prénom-Corrigé");
    }

    @Test
    void a_plan_is_discarded_by_its_uploader_or_an_admin_with_a_reason_and_can_no_longer_be_applied() {
        String uai = registerSchool("École brouillon");
        String director = createUser("DIRECTOR", uai);
        String other = createUser("DIRECTOR", uai);
        Api.Response uploaded = user(director).upload("/api/schools/" + uai + "/imports", "x.csv",
                Fixtures.be1d("onde-2026/0170002K.csv"));
        String id = uploaded.json().get("importId").asText();
        assertThat(user(other).post("/api/imports/" + id + "/discard", Map.of("reason", "pas à moi")).status())
                .isEqualTo(403);
        assertThat(user(director).post("/api/imports/" + id + "/discard", Map.of()).status()).isEqualTo(400);
        Api.Response discarded = user(director).post("/api/imports/" + id + "/discard", Map.of("reason", "mauvais fichier"));
        assertThat(discarded.status()).as(discarded.toString()).isEqualTo(200);
        assertThat(discarded.json().get("status").asText()).isEqualTo("DISCARDED");
        assertThat(discarded.json().get("discard").get("by").asText()).isEqualTo(director);
        assertThat(discarded.json().get("discard").get("reason").asText()).isEqualTo("mauvais fichier");
        assertThat(discarded.json().get("discard").get("origin").asText()).isEqualTo("MANUAL");
        Api.Response apply = admin().post("/api/imports/" + id + "/apply", Map.of());
        assertThat(apply.status()).isEqualTo(409);
        assertThat(apply.json().get("detail").asText()).contains("discarded");
        assertThat(admin().post("/api/imports/" + id + "/discard", Map.of("reason", "encore")).status()).isEqualTo(409);
        assertThat(admin().get("/api/schools/" + uai + "/imports").json().get(0).get("status").asText())
                .isEqualTo("DISCARDED");
        assertThat(admin().get("/api/schools/" + uai + "/accounts").json()).isEmpty();
    }

    @Test
    void a_plan_not_applied_within_seven_days_is_discarded_by_the_retention_rule() {
        String uai = registerSchool("École oublieuse");
        String stale = plan(uai, Fixtures.be1d("onde-2026/0170002K.csv")).get("importId").asText();
        Instant uploaded = Instant.parse(admin().get("/api/imports/" + stale).json().get("uploadedAt").asText());

        RetentionJob sixDaysLater = job(uploaded.plus(Duration.ofDays(6)));
        RetentionJob eightDaysLater = job(uploaded.plus(Duration.ofDays(8)));
        runAsAdmin(sixDaysLater);
        assertThat(admin().get("/api/imports/" + stale).json().get("status").asText()).isEqualTo("PLANNED");
        RetentionJob.Result result = runAsAdmin(eightDaysLater);
        assertThat(result.discardedPlans()).isGreaterThanOrEqualTo(1);
        JsonNode discarded = admin().get("/api/imports/" + stale).json();
        assertThat(discarded.get("status").asText()).isEqualTo("DISCARDED");
        assertThat(discarded.get("discard").get("origin").asText()).isEqualTo("RETENTION");
        assertThat(discarded.get("discard").get("reason").asText()).contains("7 days");
        assertThat(admin().post("/api/imports/" + stale + "/apply", Map.of()).status()).isEqualTo(409);

        // the endpoint runs the same job now, for administrators only
        assertThat(user(createUser("DIRECTOR", uai)).post("/api/admin/retention/run", Map.of()).status()).isEqualTo(403);
        Api.Response now = admin().post("/api/admin/retention/run", Map.of());
        assertThat(now.status()).isEqualTo(200);
        assertThat(now.json().has("discardedPlans")).isTrue();
    }

    private RetentionJob job(Instant now) {
        return new RetentionJob(queries, importService, erasure, Duration.ofDays(7), Duration.ofDays(90000),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static RetentionJob.Result runAsAdmin(RetentionJob job) {
        AppUser admin = new AppUser("admin", "", Set.of(UserRole.ADMIN), Set.of(), true);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(admin, null, admin.getAuthorities()));
        try {
            return job.run();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void implausible_rows_are_warned_about_with_their_lines_and_never_block() {
        String uai = registerSchool("École vraisemblance");
        String header = "Nom élève;Nom d'usage élève;Prénom élève;Date naissance;Sexe;INE;Niveau;Libellé classe\r\n";
        int year = java.time.LocalDate.now().getYear();
        String text = header
                + "MARTIN;;Léa;" + (year - 12) + "-03-25;F;100000001AB;PS;PS Mme ROUX\r\n"
                + "DUBOIS;;Noé;" + (year + 1) + "-01-02;M;100000002AB;CP;CP M. COLIN\r\n"
                + "PETIT;;Zoé;" + (year - 3) + "-05-05;F;100000003AB;PS;CM2 Mme LEROUX\r\n";
        JsonNode plan = plan(uai, text.getBytes(Charset.forName("windows-1252")));
        Map<String, Integer> lineOf = new HashMap<>();
        plan.get("warnings").forEach(w -> lineOf.put(w.get("code").asText(), w.get("lines").get(0).asInt()));
        assertThat(lineOf).containsEntry("AGE_LEVEL", 2).containsEntry("BIRTH_DATE_IN_FUTURE", 3)
                .containsEntry("CLASS_LEVEL_MISMATCH", 4);
        applied(plan.get("importId").asText(), Map.of());
        assertThat(admin().get("/api/schools/" + uai + "/accounts").json()).hasSize(3);
    }
}
