package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every report page as an inspector and a director see it, at 1366 and 390 px wide (screenshots in
 * target/screenshots/), nothing wider than a phone's screen; the changes paged 50 at a time, the page in
 * the link with the other parameters; « ce qui a changé entre deux dates »; and a report link with a
 * missing or garbled parameter: a French page, status 400, with the menu.
 */
class ReportScreensTest extends BrowserTest {

    private void signIn(String username) {
        browser.signIn(username, PASSWORD);
        browser.waitForText("Se déconnecter");
    }

    /** Shows the page at 1366 then 390 px, saves both, and checks that nothing overflows on the phone. */
    private void atBothWidths(String path, String waitFor, String name) throws Exception {
        browser.driver().manage().window().setSize(new Dimension(1366, 900));
        browser.go(path);
        browser.waitForText(waitFor);
        browser.screenshot("ReportScreensTest-" + name + "-1366");
        System.out.println("Page height of " + path + " at 1366 px: " + ((JavascriptExecutor) browser.driver())
                .executeScript("return document.documentElement.scrollHeight") + " px");
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        browser.go(path);
        browser.waitForText(waitFor);
        browser.screenshot("ReportScreensTest-" + name + "-390");
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        long inner = ((Number) js.executeScript("return window.innerWidth")).longValue();
        long scroll = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
        assertThat(scroll).as(path + " at " + inner + " px wide").isLessThanOrEqualTo(inner);
        browser.driver().manage().window().setSize(new Dimension(1366, 900));
    }

    @Test
    void the_report_pages_are_paged_read_on_a_phone_and_compare_two_dates() throws Exception {
        ReportScenario scenario = ReportScenario.on(admin(), registerSchool("École des Écrans"));
        String other = registerSchool("Autre école des Écrans");
        String inspector = createUser("INSPECTOR", scenario.uai(), other);
        signIn(inspector);
        assertThat(browser.path()).isEqualTo("/reports");
        browser.waitForText("Changements par mois");
        assertThat(browser.all(By.cssSelector("table.report-changes tbody tr"))).hasSize(ReportPages.PAGE_SIZE);
        assertThat(browser.text()).contains("Lignes 1 à 50 sur ", "Page 1 sur ", "Annulations d’import")
                .doesNotContain("AccountCreated", "IMPORT", "PUPIL");
        browser.click("Page suivante");
        browser.waitForText("Lignes 51 à 100 sur ");
        assertThat(browser.path()).contains("page=2").contains("schools=" + other).contains("schools=" + scenario.uai())
                .contains("from=").contains("to=");
        assertThat(browser.all(By.cssSelector("table.report-changes tbody tr"))).hasSize(ReportPages.PAGE_SIZE);
        browser.click("Page précédente");
        browser.waitForText("Lignes 1 à 50 sur ");

        atBothWidths("/reports", "Changements par mois", "inspector-landing");
        atBothWidths("/schools/" + scenario.uai() + "/reports?page=3", "Lignes 101 à 150", "school-history");
        atBothWidths("/reports/changes", "Arrivées", "inspector-changes");
        atBothWidths("/schools/" + scenario.uai() + "/changes", "Arrivées", "school-changes");

        // the changes since the start of the school year: today's accounts all arrived, the edited one left
        browser.go("/schools/" + scenario.uai() + "/changes");
        browser.waitForText("Ce qui a changé entre deux dates");
        String counts = browser.textOf(By.cssSelector("table.report-kinds tbody"));
        int active = admin().get("/api/schools/" + scenario.uai() + "/accounts").json().size() - 1;
        assertThat(counts).startsWith(active + " 0 0 0 0 " + active);
        assertThat(browser.field("Heure de la première date").getAttribute("type")).isEqualTo("time");
        browser.click("Télécharger le CSV");
        Path csv = browser.download(".csv");
        assertThat(Files.readString(csv)).startsWith(CsvReport.BOM + "Ce qui a changé entre deux dates;");
    }

    @Test
    void a_report_link_missing_or_garbling_a_parameter_is_a_french_page_with_status_400() throws Exception {
        String uai = registerSchool("École des Liens");
        String director = createUser("DIRECTOR", uai);
        signIn(director);
        List<String> links = List.of("/reports/download", "/reports/download?format=pdf",
                "/reports/download?format=pdf&schools=" + uai + "&from=2026-09-01",
                "/reports/download?format=csv&schools=" + uai + "&to=2026-09-01",
                "/reports/download?format=doc&schools=" + uai + "&from=2026-09-01&to=2026-10-01",
                "/reports/download?format=csv&schools=xyz&from=2026-09-01&to=2026-10-01",
                "/reports/download?format=csv&schools=" + uai + "&from=hier&to=2026-10-01",
                "/reports/download?format=csv&schools=" + uai + "&from=2026-09-01&to=2026-02-30",
                "/schools/" + uai + "/reports?page=zéro", "/schools/" + uai + "/reports?page=-1",
                "/schools/pas-une-uai/reports",
                "/reports/changes/download", "/reports/changes/download?format=csv&schools=" + uai,
                "/reports/changes/download?format=csv&schools=" + uai + "&from=2026-09-01&to=demain",
                "/reports/changes/download?format=xls&schools=" + uai + "&from=2026-09-01&to=2026-10-01",
                "/schools/" + uai + "/changes?page=abc", "/schools/pas-une-uai/changes");
        Cookie session = browser.driver().manage().getCookieNamed("JSESSIONID");
        HttpClient http = HttpClient.newHttpClient();
        for (String link : links) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + link.replace("é", "%C3%A9"))).header("Cookie", "JSESSIONID=" + session.getValue()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(link).isEqualTo(400);
            assertThat(response.body()).as(link).contains("lang=\"fr\"", "Se déconnecter")
                    .doesNotContain("Exception", "yyyy-MM-dd");
        }
        browser.go("/reports/download?format=pdf&schools=" + uai + "&from=2026-09-01");
        browser.waitForText("Lien de rapport incomplet");
        assertThat(browser.text()).contains("La date de fin n’est pas valide");
        // the page's own form keeps working with a garbled page number: the refusal says so in French
        browser.go("/schools/" + uai + "/reports?page=abc");
        browser.waitForText("Ce numéro de page n’est pas valide");
    }
}
