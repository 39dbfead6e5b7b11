package fr.intrascol.sync.app.reports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report's work is bounded whatever is asked: its period is at most intrascol.reports.max-period (10
 * years), and its files detail at most intrascol.reports.max-changes changes, saying how many more there are.
 */
class ReportLimitsTest extends IntegrationTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));

    @Autowired
    HistoryReports reports;

    @Test
    void a_period_longer_than_ten_years_is_a_400_naming_the_limit_for_one_school_and_several() {
        String uai = registerSchool("École des siècles");
        for (String path : new String[]{"/api/schools/" + uai + "/reports/history?",
                "/api/reports/history?schools=" + uai + "&"}) {
            for (String format : new String[]{"html", "csv", "pdf"}) {
                long start = System.nanoTime();
                Api.Response response = admin().get(path + "from=0001-01-01&to=9999-12-31&format=" + format);
                assertThat(response.status()).as(response.toString()).isEqualTo(400);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
                JsonNode problem = response.json();
                assertThat(problem.get("detail").asText()).contains("at most 10 years", "intrascol.reports.max-period");
                assertThat(problem.get("field").asText()).isEqualTo("to");
                assertThat(problem.get("maxPeriod").asText()).isEqualTo("P10Y");
                assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
            }
            assertThat(admin().get(path + "from=2016-01-01&to=2026-01-01").status()).isEqualTo(400);
            Api.Response tenYears = admin().get(path + "from=2016-01-01&to=2025-12-31&format=csv");
            assertThat(tenYears.status()).as(tenYears.toString()).isEqualTo(200);
        }
    }

    @Test
    void the_files_detail_at_most_max_changes_and_say_how_many_more_there_are() throws Exception {
        String uai = registerSchool("École bavarde");
        for (int i = 0; i < 5; i++) {
            createPupil(admin(), uai, "BAVARD", "Élève" + (char) ('A' + i), "2019-01-0" + (i + 1), "CP");
        }
        String period = "from=" + TODAY.minusDays(1) + "&to=" + TODAY;
        int before = reports.maxChanges();
        ReflectionTestUtils.setField(reports, "maxChanges", 2);
        try {
            String html = admin().get("/api/schools/" + uai + "/reports/history?" + period + "&format=html").body();
            assertThat(html).contains("Les changements (5)")
                    .contains("3 autres changements ne sont pas détaillés (2 sur 5 le sont) : réduisez la période");
            assertThat(html).containsPattern("<td class=\"n\">5</td>");   // the month still counts 5 arrivals
            assertThat(html).contains("ÉlèveA", "ÉlèveB").doesNotContain("ÉlèveC", "ÉlèveD", "ÉlèveE");

            String csv = admin().get("/api/reports/history?schools=" + uai + "&" + period + "&format=csv").body();
            assertThat(csv).contains("3 autres changements ne sont pas détaillés").doesNotContain("ÉlèveE");

            HttpResponse<byte[]> pdf = admin().download("/api/schools/" + uai + "/reports/history?" + period
                    + "&format=pdf");
            assertThat(pdf.statusCode()).isEqualTo(200);
            try (PDDocument document = Loader.loadPDF(pdf.body())) {
                String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
                assertThat(text).contains("3 autres changements ne sont pas").contains("Les changements (5)")
                        .doesNotContain("ElèveE").doesNotContain("ÉlèveE");
            }
        } finally {
            ReflectionTestUtils.setField(reports, "maxChanges", before);
        }
        String all = admin().get("/api/schools/" + uai + "/reports/history?" + period + "&format=html").body();
        assertThat(all).contains("Tous les changements (5)").contains("ÉlèveE").doesNotContain("ne sont pas détaillés");
    }
}
