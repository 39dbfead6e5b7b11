package fr.intrascol.sync.app.reports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Schools;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * « Ce qui a changé entre deux dates » through the API: the accounts at one moment against another, counted
 * per kind against what the import between them did; an erased person reads « données effacées »; the
 * files; the access rules of the reports; the bounds; bad parameters are 400 problems.
 */
class ChangesBetweenDatesTest extends IntegrationTest {

    @Autowired
    ChangesReports changes;

    /** A school after year 1, the moment between, then year 2 and one departed pupil erased. */
    private record Year(String uai, Instant between, String year2, String erasedName) {
    }

    private Year year(String name) throws InterruptedException {
        String uai = registerSchool(name);
        Schools.importFixture(admin(), uai, "onde-2026/0170002K.csv");
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        String year2 = Schools.importFixture(admin(), uai, "onde-2027/0170002K.csv").get("importId").asText();
        JsonNode audit = ReportScenario.audit(admin(), uai, year2);
        String departed = null;
        for (JsonNode entry : audit) {
            if (entry.get("type").asText().equals("AccountSuspended")) {
                departed = entry.get("accountId").asText();
            }
        }
        assertThat(departed).as("year 2 has departures").isNotNull();
        JsonNode person = admin().get("/api/accounts/" + departed).json();
        String names = person.get("lastName").asText() + " " + person.get("firstName").asText();
        Api.Response erased = admin().post("/api/accounts/" + departed + "/erase", Map.of("reason", "demande RGPD"));
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        return new Year(uai, between, year2, names);
    }

    /** How many distinct accounts the import's changes of these types touched. */
    private static int accounts(JsonNode audit, String... types) {
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : audit) {
            if (entry.get("origin").asText().equals("IMPORT") && Arrays.asList(types).contains(entry.get("type").asText())) {
                ids.add(entry.get("accountId").asText());
            }
        }
        return ids.size();
    }

    @Test
    void the_accounts_between_two_moments_are_counted_per_kind_as_the_import_between_them_changed_them()
            throws Exception {
        Year year = year("École des Deux Dates");
        JsonNode audit = ReportScenario.audit(admin(), year.uai(), year.year2());
        Api.Response response = admin().get("/api/schools/" + year.uai() + "/changes?from=" + year.between()
                + "&to=" + Instant.now().plusSeconds(3600));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode counts = response.json().get("counts");
        assertThat(counts.get("ARRIVAL").asInt()).isEqualTo(accounts(audit, "AccountCreated", "AccountReactivated"))
                .isGreaterThan(0);
        assertThat(counts.get("DEPARTURE").asInt()).isEqualTo(accounts(audit, "AccountSuspended") - 1);
        assertThat(counts.get("MOVE").asInt()).isEqualTo(accounts(audit, "AccountClassChanged")).isGreaterThan(0);
        assertThat(counts.get("RENAME").asInt()).isEqualTo(accounts(audit, "AccountNamesCorrected"));
        assertThat(counts.get("ERASURE").asInt()).isEqualTo(1);
        JsonNode lines = response.json().get("lines");
        int total = 0;
        for (var it = counts.elements(); it.hasNext(); ) {
            total += it.next().asInt();
        }
        assertThat(lines.size()).isEqualTo(total);
        assertThat(response.body()).doesNotContain(year.erasedName());

        // a moment against itself: nothing changed
        JsonNode none = admin().get("/api/schools/" + year.uai() + "/changes?from=" + year.between()
                + "&to=" + year.between()).json();
        assertThat(none.get("lines")).isEmpty();
        // the moments may be days (their end): all of year 1 and 2 are of today
        assertThat(admin().get("/api/schools/" + year.uai() + "/changes?from=2026-01-01&to=2026-01-02").status())
                .isEqualTo(200);
    }

    @Test
    void the_files_say_it_in_french_and_the_csv_opens_in_excel() throws Exception {
        Year year = year("École des Fichiers Datés");
        String query = "?from=" + year.between() + "&to=" + Instant.now();
        HttpResponse<byte[]> csv = admin().download("/api/schools/" + year.uai() + "/changes" + query + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(Arrays.copyOf(csv.body(), 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(csv.body(), StandardCharsets.UTF_8).substring(1);
        List<CSVRecord> records = CsvReport.format().parse(new StringReader(text)).getRecords();
        assertThat(records.get(0).get(0)).isEqualTo("Ce qui a changé entre deux dates");
        assertThat(records).anySatisfy(r -> assertThat(r.toList()).containsExactly("Changement", "Compte",
                "Identifiant", "Classe", "Détail"));
        assertThat(records).anySatisfy(r -> {
            assertThat(r.get(0)).isEqualTo("Données effacées");
            assertThat(r.get(1)).isEqualTo("données effacées");
        });
        assertThat(records).anySatisfy(r -> {
            assertThat(r.get(0)).isEqualTo("Changement de classe");
            assertThat(r.get(3)).contains(" → ");
        });
        assertThat(text).doesNotContain(year.erasedName()).doesNotContain("ARRIVAL").doesNotContain("MOVE");

        HttpResponse<byte[]> pdf = admin().download("/api/schools/" + year.uai() + "/changes" + query + "&format=pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String pdfText = new PDFTextStripper().getText(document);
            assertThat(pdfText).contains("Ce qui a changé entre deux dates", "Arrivée", "Départ", "Changement de classe",
                    "données effacées", " → ", "Page 1 / ");
            assertThat(pdfText).doesNotContain(year.erasedName()).doesNotContain("ARRIVAL").doesNotContain("->");
        }
        String html = admin().get("/api/schools/" + year.uai() + "/changes" + query + "&format=html").body();
        assertThat(html).contains("<h1>Ce qui a changé entre deux dates</h1>", "Données effacées")
                .doesNotContain(year.erasedName());
    }

    @Test
    void an_inspector_compares_their_schools_only_and_the_bounds_and_bad_parameters_are_400s() throws Exception {
        Year first = year("École Un des Dates");
        String second = registerSchool("École Deux des Dates");
        String elsewhere = registerSchool("École d'ailleurs des Dates");
        Api inspector = user(createUser("INSPECTOR", first.uai(), second));
        String period = "from=" + first.between() + "&to=" + Instant.now();
        Api.Response both = inspector.get("/api/changes?" + period);
        assertThat(both.status()).as(both.toString()).isEqualTo(200);
        assertThat(both.json().get("schools")).hasSize(2);
        assertThat(both.body()).contains(first.uai(), second).doesNotContain(elsewhere);
        assertThat(inspector.get("/api/changes?schools=" + first.uai() + "," + elsewhere + "&" + period).status())
                .isEqualTo(403);
        assertThat(inspector.get("/api/schools/" + elsewhere + "/changes?" + period).status()).isEqualTo(403);
        Api director = user(createUser("DIRECTOR", second));
        assertThat(director.get("/api/schools/" + first.uai() + "/changes?" + period).status()).isEqualTo(403);

        int before = changes.maxLines();
        ReflectionTestUtils.setField(changes, "maxLines", 3);
        try {
            Api.Response tooMany = admin().get("/api/schools/" + first.uai() + "/changes?" + period);
            assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
            assertThat(tooMany.header("Content-Type")).startsWith("application/problem+json");
            assertThat(tooMany.json().get("detail").asText()).contains("More than 3", "max-lines");
        } finally {
            ReflectionTestUtils.setField(changes, "maxLines", before);
        }
        int schoolsBefore = changes.maxSchools();
        ReflectionTestUtils.setField(changes, "maxSchools", 1);
        try {
            Api.Response tooManySchools = inspector.get("/api/changes?" + period);
            assertThat(tooManySchools.status()).as(tooManySchools.toString()).isEqualTo(400);
            assertThat(tooManySchools.json().get("field").asText()).isEqualTo("schools");
        } finally {
            ReflectionTestUtils.setField(changes, "maxSchools", schoolsBefore);
        }
        String path = "/api/schools/" + first.uai() + "/changes";
        for (String bad : List.of("", "?to=2026-12-01", "?from=2026-12-01", "?from=hier&to=2026-12-01",
                "?from=2026-12-01&to=2026-13-45", "?from=2026-12-01T25:00&to=2026-12-02",
                "?from=2026-12-02&to=2026-12-01", "?from=2026-12-01&to=2026-12-02&format=doc")) {
            Api.Response refused = admin().get(path + bad);
            assertThat(refused.status()).as(bad + ": " + refused).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(admin().get("/api/changes?from=2026-12-01&to=2026-12-02").status()).as("an admin names schools")
                .isEqualTo(400);
        assertThat(admin().get("/api/changes?schools=pas-une-uai&from=2026-12-01&to=2026-12-02").status())
                .isEqualTo(400);
        assertThat(admin().get("/api/schools/nimporte/changes?from=2026-12-01&to=2026-12-02").status())
                .isEqualTo(400);
    }
}
