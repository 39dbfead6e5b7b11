package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.testsupport.Fixtures;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The inspector's history report as HTML, CSV and PDF, for one school and for several. */
class HistoryReportTest extends IntegrationTest {

    private static final String TODAY = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
    private static final String PERIOD = "from=" + LocalDate.now(ZoneId.of("Europe/Paris")).minusMonths(2) + "&to=" + TODAY;

    private String schoolWithHistory(String name) {
        String uai = registerSchool(name);
        Api.Response planned = admin().upload("/api/schools/" + uai + "/imports", "x.csv",
                Fixtures.be1d("bad/injection-attempts.csv"));
        admin().post("/api/imports/" + planned.json().get("importId").asText() + "/apply", Map.of());
        String id = admin().get("/api/schools/" + uai + "/accounts").json().get(0).get("accountId").asText();
        admin().patch("/api/accounts/" + id, Map.of("classGroup", "CE1 B", "reason", "=cmd|' /C calc'!A0"), Map.of());
        return uai;
    }

    @Test
    void the_html_report_has_counts_a_chart_every_change_escaped_and_the_chain_head() {
        String uai = schoolWithHistory("École rapport");
        Api.Response html = admin().get("/api/schools/" + uai + "/reports/history?" + PERIOD + "&format=html");
        assertThat(html.status()).as(html.toString()).isEqualTo(200);
        assertThat(html.header("Content-Type")).contains("text/html");
        String page = html.body();
        assertThat(page).contains("Historique des comptes").contains("<svg").contains("<polyline")
                .contains("Changements par mois").contains("CE1 B");
        assertThat(page).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        String head = admin().get("/api/schools/" + uai + "/audit/verify").json().get("headHash").asText();
        assertThat(page).contains(head);
        assertThat(page).containsPattern("<td class=\"n\">3</td>");
    }

    @Test
    void the_csv_report_is_safe_to_open_in_a_spreadsheet() throws Exception {
        String uai = schoolWithHistory("École tableur");
        Api.Response csv = admin().get("/api/schools/" + uai + "/reports/history?" + PERIOD + "&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Disposition")).contains("attachment").contains(".csv");
        List<CSVRecord> records = CSVFormat.EXCEL.builder().setDelimiter(';').get()
                .parse(new StringReader(csv.body())).getRecords();
        for (CSVRecord record : records) {
            for (String cell : record) {
                assertThat(cell).as("no cell a spreadsheet would run").doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@");
            }
        }
        assertThat(csv.body()).contains("'=HYPERLINK(\"\"http://x\"\")").contains("'=cmd|");
        assertThat(records.stream().anyMatch(r -> r.get(0).equals("Date"))).isTrue();
        String head = admin().get("/api/schools/" + uai + "/audit/verify").json().get("headHash").asText();
        assertThat(csv.body()).contains(head);
    }

    @Test
    void the_pdf_report_is_a_document_with_title_period_pages_and_chain_head() throws Exception {
        String uai = schoolWithHistory("École document");
        HttpResponse<byte[]> pdf = admin().download("/api/schools/" + uai + "/reports/history?" + PERIOD + "&format=pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "history-report-sample.pdf"), pdf.body());
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Historique des comptes").contains("École document").contains("Page 1 / ")
                    .contains("CE1 B").contains("<script>alert(1)</script>");
            String head = admin().get("/api/schools/" + uai + "/audit/verify").json().get("headHash").asText();
            assertThat(text.replaceAll("\\s", "")).contains(head);
        }
    }

    @Test
    void an_inspector_reports_on_their_schools_together_and_on_no_other() {
        String first = schoolWithHistory("École A de la circonscription");
        String second = schoolWithHistory("École B de la circonscription");
        String elsewhere = registerSchool("École d'ailleurs");
        Api inspector = user(createUser("INSPECTOR", first, second));
        Api.Response both = inspector.get("/api/reports/history?" + PERIOD);
        assertThat(both.status()).as(both.toString()).isEqualTo(200);
        assertThat(both.body()).contains("2 écoles").contains(first).contains(second).doesNotContain(elsewhere);
        assertThat(inspector.get("/api/reports/history?schools=" + first + "," + elsewhere + "&" + PERIOD).status())
                .isEqualTo(403);
        assertThat(inspector.get("/api/schools/" + elsewhere + "/reports/history?" + PERIOD).status()).isEqualTo(403);
        assertThat(admin().get("/api/schools/" + first + "/reports/history?" + PERIOD + "&format=doc").status())
                .isEqualTo(400);
        assertThat(admin().get("/api/schools/" + first + "/reports/history?from=" + TODAY + "&to=2000-01-01").status())
                .isEqualTo(400);
    }
}
