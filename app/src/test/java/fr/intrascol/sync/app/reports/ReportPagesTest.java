package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.support.BrowserTest;
import fr.intrascol.sync.app.support.Schools;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The history report as a page: where an inspector lands, with its chart, counts and files. */
class ReportPagesTest extends BrowserTest {

    /** Signs in and waits for the landing page (Browser.signIn does not wait for the form's answer). */
    private void signIn(String username, String password) {
        browser.signIn(username, password);
        browser.waitForText("Se déconnecter");
    }


    @Test
    void an_inspector_lands_on_the_report_of_their_school_and_downloads_it() throws IOException {
        String uai = registerSchool("École des Salines");
        Schools.importFixture(admin(), uai, "onde-2026/0170002K.csv");
        String inspector = createUser("INSPECTOR", uai);

        signIn(inspector, PASSWORD);
        assertThat(browser.path()).isEqualTo("/reports");
        browser.waitForText("Changements par mois");
        assertThat(browser.field("École des Salines (" + uai + ")").isSelected()).isTrue();
        assertThat(browser.all(By.cssSelector("figure.chart svg polyline"))).hasSize(1);
        String total = browser.textOf(By.cssSelector("table.counts tfoot"));
        assertThat(total).startsWith("Total 76 ");
        assertThat(browser.text()).contains("Création du compte", "Empreinte de l’historique").doesNotContain("AccountCreated");

        browser.click("Télécharger le CSV");
        Path csv = browser.download(".csv");
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith(CsvReport.BOM);
        List<CSVRecord> records = CSVFormat.EXCEL.builder().setDelimiter(';').get()
                .parse(new StringReader(text.substring(1))).getRecords();
        assertThat(records.stream().filter(r -> r.size() == CsvReport.HEADINGS.size())).anySatisfy(r -> {
            assertThat(r.get(1)).isEqualTo(uai);
            assertThat(r.get(4)).isEqualTo("Création du compte");
        });

        browser.click("Télécharger le PDF");
        Path pdf = browser.download(".pdf");
        try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf))) {
            assertThat(new PDFTextStripper().getText(document)).contains(uai);
        }
    }

    @Test
    void a_wrong_period_is_explained_in_french_and_the_dates_chosen_stay() {
        String uai = registerSchool("École des Marais");
        signIn(createUser("DIRECTOR", uai), PASSWORD);
        browser.go("/schools/" + uai + "/reports?from=2027-02-31&to=2027-03-01");
        browser.waitForText("La date de début n’est pas valide");
        assertThat(browser.text()).doesNotContain("Changements par mois");
        assertThat(browser.field("Du").getAttribute("type")).isEqualTo("date");

        setDate("Du", "2026-11-01");
        setDate("Au", "2026-09-01");
        browser.click("Afficher le rapport");
        browser.waitForText("La date de fin n’est pas valide, ou tombe avant la date de début");
        assertThat(browser.field("Au").getDomProperty("value")).isEqualTo("2026-09-01");
        assertThat(browser.field("Du").getDomProperty("value")).isEqualTo("2026-11-01");
    }

    /** Sets a date picker as a person choosing a day does (typing depends on the browser's locale). */
    private void setDate(String label, String isoDate) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "arguments[0].value = arguments[1]", browser.field(label), isoDate);
    }
}
