package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.command.extraction.Extraction;
import fr.intrascol.sync.command.extraction.ExtractionReader;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every extraction fixture, uploaded, planned and applied through the HTTP API, as its README says. */
class ImportsApiTest extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    static byte[] fixture(String path) {
        return Fixtures.be1d(path);
    }

    private JsonNode plan(String uai, String fixture) {
        Api.Response response = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv", fixture(fixture));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("status").asText()).isEqualTo("PLANNED");
        return response.json();
    }

    private Api.Response apply(String importId, Map<String, Object> body) {
        return admin().post("/api/imports/" + importId + "/apply", body);
    }

    private JsonNode applied(String importId, Map<String, Object> body) {
        Api.Response response = apply(importId, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("status").asText()).isEqualTo("APPLIED");
        return response.json();
    }

    private JsonNode accounts(String uai) {
        return admin().get("/api/schools/" + uai + "/accounts").json();
    }

    private static long count(JsonNode accounts, String status) {
        long n = 0;
        for (JsonNode account : accounts) {
            if (account.get("status").asText().equals(status)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void two_school_years_end_with_the_accounts_of_the_second_extraction() {
        String uai = registerSchool("École Jules-Ferry");
        Extraction y1 = new ExtractionReader(ExtractionReader.Limits.defaults()).read(fixture("onde-2026/0170001J.csv"));

        JsonNode planned = plan(uai, "onde-2026/0170001J.csv");
        assertThat(planned.get("summary").get("arrivals").asInt()).isEqualTo(y1.rows().size());
        assertThat(planned.get("sha256").asText()).hasSize(64);
        assertThat(planned.get("fileName").asText()).isEqualTo("CSVExtraction.csv");
        assertThat(accounts(uai)).as("nothing changes before apply").isEmpty();
        JsonNode detail = admin().get("/api/imports/" + planned.get("importId").asText()).json();
        assertThat(detail.get("changes")).hasSize(y1.rows().size());
        assertThat(detail.get("changes").get(0).get("kind").asText()).isEqualTo("ARRIVAL");
        assertThat(detail.get("changes").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(detail.has("rows")).isFalse();
        assertThat(detail.toString()).doesNotContain("rue du Port").doesNotContain("ROCHEFORT");

        String firstImport = planned.get("importId").asText();
        JsonNode result = applied(firstImport, Map.of());
        assertThat(result.get("appliedBy").asText()).isEqualTo("admin");
        assertThat(result.get("credentialsSheet").asText()).endsWith("/credentials.pdf");
        assertThat(accounts(uai)).hasSize(y1.rows().size());

        HttpResponse<byte[]> pdf = admin().download(result.get("credentialsSheet").asText());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, Charset.forName("US-ASCII"))).isEqualTo("%PDF-");
        assertThat(admin().download(result.get("credentialsSheet").asText()).statusCode())
                .as("the credentials are given once").isEqualTo(404);

        assertThat(apply(firstImport, Map.of()).status()).as("applying twice").isEqualTo(409);
        Api.Response again = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                fixture("onde-2026/0170001J.csv"));
        assertThat(again.status()).as("the same file again: nothing to change, nothing recorded").isEqualTo(200);
        assertThat(again.json().get("alreadyApplied").asBoolean()).isTrue();
        assertThat(again.json().get("importId").asText()).isEqualTo(firstImport);

        // one year later
        Extraction y2 = new ExtractionReader(ExtractionReader.Limits.defaults()).read(fixture("onde-2027/0170001J.csv"));
        JsonNode next = plan(uai, "onde-2027/0170001J.csv");
        JsonNode summary = next.get("summary");
        assertThat(summary.get("departures").asInt()).isPositive();
        assertThat(summary.get("moves").asInt()).isPositive();
        assertThat(summary.get("arrivals").asInt()).isPositive();
        assertThat(next.get("massDeparture").asBoolean()).isFalse();
        String nextImport = next.get("importId").asText();
        applied(nextImport, Map.of());

        JsonNode after = accounts(uai);
        Map<String, JsonNode> active = new HashMap<>();
        for (JsonNode account : after) {
            if (account.get("status").asText().equals("ACTIVE")) {
                active.put(account.get("ine").asText(), account);
            }
        }
        assertThat(active).hasSize(y2.rows().size());
        for (PupilRow row : y2.rows()) {
            JsonNode account = active.get(row.ine());
            assertThat(account).as("line " + row.line()).isNotNull();
            assertThat(account.get("lastName").asText()).isEqualTo(row.name().lastName());
            assertThat(account.get("firstName").asText()).isEqualTo(row.name().firstName());
            assertThat(account.get("level").asText()).isEqualTo(row.level().name());
            assertThat(account.get("classGroup").asText()).isEqualTo(row.classGroup().label());
        }
        assertThat(count(after, "SUSPENDED")).isEqualTo(summary.get("departures").asInt());
        Set<String> logins = new HashSet<>();
        after.forEach(a -> assertThat(logins.add(a.get("login").asText())).isTrue());

        // the import is in every changed account's history, with who applied it
        String movedId = null;
        for (JsonNode change : admin().get("/api/imports/" + nextImport).json().get("changes")) {
            if (change.get("kind").asText().equals("MOVE")) {
                movedId = change.get("accountId").asText();
                break;
            }
        }
        JsonNode history = admin().get("/api/accounts/" + movedId + "/history").json();
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.get("origin").asText()).isEqualTo("IMPORT");
        assertThat(last.get("importId").asText()).isEqualTo(nextImport);
        assertThat(last.get("actor").asText()).isEqualTo("admin");
        assertThat(admin().get("/api/audit?importId=" + nextImport + "&size=500").json().get("total").asInt())
                .isEqualTo(summary.get("departures").asInt() + summary.get("moves").asInt()
                        + summary.get("arrivals").asInt() + summary.get("renames").asInt());

        JsonNode list = admin().get("/api/schools/" + uai + "/imports").json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("importId").asText()).isEqualTo(nextImport);
    }

    @Test
    void a_base_eleves_file_without_ine_matches_by_names_and_asks_to_confirm_a_probable_rename() {
        String uai = registerSchool("École de 2010");
        applied(plan(uai, "be1d-2010/0170003L.csv").get("importId").asText(), Map.of());
        int pupils = accounts(uai).size();
        String text = new String(fixture("be1d-2010/0170003L.csv"), Charset.forName("windows-1252"));
        String renamed = text.replaceFirst("\r\n([^;\r\n]+);;([^;\r\n]+);", "\r\n$1;;$2e;");
        Api.Response upload = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                renamed.getBytes(Charset.forName("windows-1252")));
        JsonNode plan = upload.json();
        assertThat(plan.get("probableRenames")).hasSize(1);
        int line = plan.get("probableRenames").get(0).get("line").asInt();
        String accountId = plan.get("probableRenames").get(0).get("accountId").asText();
        assertThat(plan.get("summary").get("arrivals").asInt()).isZero();

        Api.Response undecided = apply(plan.get("importId").asText(), Map.of());
        assertThat(undecided.status()).isEqualTo(400);
        assertThat(undecided.json().get("detail").asText()).contains("probable renames").contains(Integer.toString(line));

        Api.Response both = apply(plan.get("importId").asText(), Map.of("confirmRenames", List.of(line),
                "rejectRenames", List.of(line)));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("detail").asText()).contains("one answer per line");
        Api.Response unknownLine = apply(plan.get("importId").asText(), Map.of("confirmRenames", List.of(line, 999)));
        assertThat(unknownLine.status()).isEqualTo(400);
        assertThat(unknownLine.json().get("detail").asText()).contains("[999]").contains("not probable renames");

        JsonNode done = applied(plan.get("importId").asText(), Map.of("confirmRenames", List.of(line)));
        assertThat(done.get("summary").get("renames").asInt()).as("the applied counts").isEqualTo(1);
        assertThat(done.get("decisions").get("confirmed").get(0).asInt()).isEqualTo(line);
        JsonNode account = admin().get("/api/accounts/" + accountId).json();
        assertThat(account.get("firstName").asText()).endsWith("e");
        assertThat(account.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(accounts(uai)).hasSize(pupils);
    }

    @Test
    void utf8_with_bom_and_comma_separated_files_are_read_like_the_others() {
        String uai = registerSchool("École encodages");
        JsonNode bom = plan(uai, "onde-utf8-bom/0170004M.csv");
        assertThat(bom.get("encoding").asText()).isEqualTo("UTF-8 (BOM)");
        assertThat(bom.get("problems")).isEmpty();
        applied(bom.get("importId").asText(), Map.of());
        assertThat(accounts(uai).toString()).doesNotContain("Ã");

        String other = registerSchool("École virgules");
        JsonNode comma = plan(other, "variants/comma-separated.csv");
        assertThat(comma.get("problems")).isEmpty();
        assertThat(comma.get("summary").get("arrivals").asInt()).isPositive();
    }

    @Test
    void files_that_cannot_be_read_are_refused_with_a_clear_message_and_nothing_changes() {
        String uai = registerSchool("École refus");
        Api.Response empty = admin().upload("/api/schools/" + uai + "/imports", "vide.csv", fixture("bad/empty.csv"));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.json().get("detail").asText()).contains("empty");
        assertThat(empty.json().get("importId").asText()).isNotBlank();
        assertThat(empty.json().get("status").asInt()).isEqualTo(422);
        assertThat(empty.json().get("importStatus").asText()).isEqualTo("REJECTED");

        Api.Response noBirthDate = admin().upload("/api/schools/" + uai + "/imports", "x.csv",
                fixture("bad/missing-birthdate-column.csv"));
        assertThat(noBirthDate.status()).isEqualTo(422);
        assertThat(noBirthDate.json().get("detail").asText()).contains("«Date naissance»");

        Api.Response pdf = admin().upload("/api/schools/" + uai + "/imports", "liste.pdf",
                "%PDF-1.4 binary".getBytes(Charset.forName("US-ASCII")));
        assertThat(pdf.status()).isEqualTo(422);
        assertThat(pdf.json().get("detail").asText()).contains("PDF");

        Api.Response noFile = admin().send("POST", "/api/schools/" + uai + "/imports", null,
                Map.of("Content-Type", "multipart/form-data; boundary=x"));
        assertThat(noFile.status()).isIn(400, 415);

        assertThat(accounts(uai)).isEmpty();
        JsonNode imports = admin().get("/api/schools/" + uai + "/imports").json();
        assertThat(imports).hasSize(3);
        imports.forEach(i -> assertThat(i.get("status").asText()).isEqualTo("REJECTED"));
    }

    @Test
    void bad_rows_are_reported_by_line_and_block_the_import_until_excluded() {
        String uai = registerSchool("École valeurs");
        JsonNode plan = plan(uai, "bad/bad-values.csv");
        List<Integer> lines = new ArrayList<>();
        plan.get("problems").forEach(p -> lines.add(p.get("line").asInt()));
        assertThat(lines).containsExactly(2, 3, 4, 4, 5);
        assertThat(plan.get("summary").get("errors").asInt()).isEqualTo(5);
        assertThat(plan.get("problems").get(0).get("message").asText()).contains("31/02/2019");
        assertThat(plan.get("problems").get(0).get("column").asText()).isEqualTo("Date naissance");

        Api.Response refused = apply(plan.get("importId").asText(), Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).contains("[2, 3, 4, 5]");
        assertThat(apply(plan.get("importId").asText(), Map.of("excludeLines", List.of(2, 3, 4))).status())
                .isEqualTo(400);
        applied(plan.get("importId").asText(), Map.of("excludeLines", List.of(2, 3, 4, 5)));
        assertThat(accounts(uai)).isEmpty();
    }

    @Test
    void a_pupil_listed_twice_never_gets_two_accounts() {
        String uai = registerSchool("École doublons");
        JsonNode plan = plan(uai, "bad/duplicate-rows.csv");
        assertThat(plan.get("problems").findValues("code").stream().map(JsonNode::asText).toList())
                .containsExactly("DUPLICATE_PUPIL", "INE_CONFLICT", "INE_CONFLICT");
        applied(plan.get("importId").asText(), Map.of("excludeLines", List.of(3, 4, 5)));
        JsonNode accounts = accounts(uai);
        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).get("firstName").asText()).isEqualTo("Léa");
    }

    @Test
    void names_that_look_like_formulas_ldap_or_html_are_stored_as_plain_text() {
        String uai = registerSchool("École injections");
        applied(plan(uai, "bad/injection-attempts.csv").get("importId").asText(), Map.of());
        JsonNode accounts = accounts(uai);
        List<String> names = new ArrayList<>();
        accounts.forEach(a -> {
            names.add(a.get("lastName").asText());
            assertThat(a.get("login").asText()).matches("[a-z0-9.]+");
        });
        assertThat(names).containsExactlyInAnyOrder("=HYPERLINK(\"http://x\")", "DUPONT,ou=admins",
                "<script>alert(1)</script>");
    }

    @Test
    void a_partial_extraction_is_flagged_and_needs_an_explicit_confirmation() {
        String uai = registerSchool("École partielle");
        String teacher = admin().post("/api/schools/" + uai + "/accounts", Map.of("role", "TEACHER",
                "lastName", "COLIN", "firstName", "Anne", "classGroup", "CP Mme COLIN")).json().get("accountId").asText();
        applied(plan(uai, "onde-2026/0170001J.csv").get("importId").asText(), Map.of());
        int pupils = accounts(uai).size();
        JsonNode partial = plan(uai, "bad/partial-one-class.csv");
        assertThat(partial.get("massDeparture").asBoolean()).isTrue();
        assertThat(partial.get("warnings").findValues("code").stream().map(JsonNode::asText))
                .contains("MASS_DEPARTURE");
        Api.Response refused = apply(partial.get("importId").asText(), Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("partial extraction");
        assertThat(count(accounts(uai), "ACTIVE")).as("nothing changed").isEqualTo(pupils);

        applied(partial.get("importId").asText(), Map.of("confirmMassDeparture", true));
        assertThat(count(accounts(uai), "SUSPENDED")).isEqualTo(partial.get("summary").get("departures").asInt());
        assertThat(accounts(uai)).as("departures suspend, they never delete").hasSize(pupils);
        assertThat(admin().get("/api/accounts/" + teacher).json().get("status").asText())
                .as("a pupil import never touches teachers and staff").isEqualTo("ACTIVE");
        assertThat(admin().get("/api/accounts/" + teacher).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void a_plan_made_before_another_change_must_be_made_again() {
        String uai = registerSchool("École plan périmé");
        applied(plan(uai, "onde-2026/0170002K.csv").get("importId").asText(), Map.of());
        JsonNode next = plan(uai, "onde-2027/0170002K.csv");
        String someone = accounts(uai).get(0).get("accountId").asText();
        admin().patch("/api/accounts/" + someone, Map.of("classGroup", "Classe modifiée", "reason", "test"), Map.of());

        Api.Response stale = apply(next.get("importId").asText(), Map.of());
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("detail").asText()).contains("Upload the file again");
        JsonNode replanned = plan(uai, "onde-2027/0170002K.csv");
        applied(replanned.get("importId").asText(), Map.of());
    }

    @Test
    void only_the_schools_own_directors_import_and_inspectors_only_read() {
        String uai = registerSchool("École gardée");
        String other = registerSchool("École voisine");
        Api director = user(createUser("DIRECTOR", other));
        Api inspector = user(createUser("INSPECTOR", uai));
        assertThat(director.upload("/api/schools/" + uai + "/imports", "x.csv", fixture("onde-2026/0170001J.csv"))
                .status()).isEqualTo(403);
        assertThat(inspector.upload("/api/schools/" + uai + "/imports", "x.csv", fixture("onde-2026/0170001J.csv"))
                .status()).isEqualTo(403);
        JsonNode plan = plan(uai, "onde-2026/0170001J.csv");
        String id = plan.get("importId").asText();
        assertThat(director.get("/api/imports/" + id).status()).isEqualTo(403);
        assertThat(director.post("/api/imports/" + id + "/apply", Map.of()).status()).isEqualTo(403);
        assertThat(inspector.get("/api/imports/" + id).status()).isEqualTo(200);
        assertThat(inspector.post("/api/imports/" + id + "/apply", Map.of()).status()).isEqualTo(403);
        assertThat(director.get("/api/schools/" + uai + "/imports").status()).isEqualTo(403);
        applied(id, Map.of());
        assertThat(inspector.get("/api/imports/" + id).json().get("credentialsSheet").isNull())
                .as("no link for someone who may not download it").isTrue();
        assertThat(inspector.download("/api/imports/" + id + "/credentials.pdf").statusCode()).isEqualTo(403);
    }

    @Test
    void applying_checks_that_the_rows_are_those_that_were_planned() {
        String uai = registerSchool("École intègre");
        JsonNode plan = plan(uai, "onde-2026/0170002K.csv");
        String id = plan.get("importId").asText();
        jdbc.sql("UPDATE import_working_set SET rows = jsonb_set(rows, '{0,name,firstName}', '\"Intrus\"')"
                + " WHERE import_id = ?").param(id).update();
        Api.Response tampered = apply(id, Map.of());
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.json().get("detail").asText()).contains("not the rows that were planned");
        assertThat(accounts(uai)).isEmpty();
    }
}
