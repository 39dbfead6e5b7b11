package fr.intrascol.sync.app.reports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's files speak French like its page: French field names, values, origins and dates, one line
 * per change, no event or value codes; the CSV opens in Excel (BOM, ';', French headings); the counts count
 * each change once, a rolled-back import's changes apart from arrivals, departures and class changes.
 */
class ReportFilesInFrenchTest extends IntegrationTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));
    private static final String PERIOD = "from=" + TODAY.minusMonths(2) + "&to=" + TODAY;
    private static final List<String> CODES = List.of("AccountCreated", "AccountSuspended", "AccountClassChanged",
            "IMPORT", "PUPIL", "ACTIVE", "SUSPENDED", "ROLLBACK", "MANUAL", "classGroup", "(new password)", "->");

    @Test
    void the_pdf_speaks_french_one_line_per_change_without_codes_or_iso_dates() throws Exception {
        ReportScenario scenario = ReportScenario.on(admin(), registerSchool("École des Mots"));
        HttpResponse<byte[]> pdf = admin().download("/api/schools/" + scenario.uai() + "/reports/history?" + PERIOD
                + "&format=pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "report-in-french.pdf"), pdf.body());
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            System.out.println("Report PDF of the rollback scenario: " + document.getNumberOfPages() + " pages, "
                    + pdf.body().length + " bytes");
            assertThat(text).contains("Création du compte", "Changement de classe", "Suspension",
                    "Import", "Annulation d’import", "Modification à la main",
                    "(nouveau mot de passe)", "classe ", " → ", "CE1 Z", "statut Actif → Suspendu", "Élève",
                    "Arrivées", "Annulations d", "Du " + day(TODAY.minusMonths(2)));
            for (String code : CODES) {
                assertThat(text).as("no code " + code + " in the PDF").doesNotContain(code);
            }
            assertThat(text).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
            assertThat(text).containsPattern(TODAY.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")) + " \\d{2}:\\d{2}");
        }
    }

    @Test
    void the_csv_opens_in_excel_with_its_bom_semicolons_french_headings_and_one_line_per_change() throws Exception {
        ReportScenario scenario = ReportScenario.on(admin(), registerSchool("École tableur français"));
        HttpResponse<byte[]> csv = admin().download("/api/schools/" + scenario.uai() + "/reports/history?" + PERIOD
                + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        byte[] bytes = csv.body();
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String body = new String(bytes, StandardCharsets.UTF_8);
        List<CSVRecord> records = CsvReport.format().parse(new StringReader(body.substring(1))).getRecords();
        assertThat(records.get(0).get(0)).isEqualTo("Historique des comptes");
        CSVRecord headings = records.stream().filter(r -> r.get(0).equals("Date")).findFirst().orElseThrow();
        assertThat(headings.toList()).containsExactly("Date", "UAI", "Compte", "Identifiant", "Changement", "Détail",
                "Par", "Origine", "Import", "Motif");
        List<CSVRecord> lines = records.subList(records.indexOf(headings) + 1, records.size());
        JsonNode year2 = ReportScenario.audit(admin(), scenario.uai(), scenario.year2());
        JsonNode year1 = ReportScenario.audit(admin(), scenario.uai(), scenario.year1());
        assertThat(lines).as("one line per change").hasSize(year1.size() + year2.size() + 2);
        for (CSVRecord line : lines) {
            assertThat(line.get(0)).matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}");
            for (String code : CODES) {
                assertThat(line.toList().toString()).as("no code " + code).doesNotContain(code);
            }
        }
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get(4)).isEqualTo("Changement de classe");
            assertThat(l.get(5)).startsWith("classe ").contains(" → CE1 Z");
            assertThat(l.get(7)).isEqualTo("Modification à la main");
            assertThat(l.get(9)).isEqualTo("erreur de classe");
        });
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get(4)).isEqualTo("Création du compte");
            assertThat(l.get(5)).startsWith("Élève, ").endsWith("(nouveau mot de passe)");
        });
        assertThat(body).contains(";Arrivées;Départs;Changements de classe;").contains("Annulation d’import");
    }

    @Test
    void the_counts_leave_a_rolled_back_import_and_count_each_change_once() throws Exception {
        ReportScenario scenario = ReportScenario.on(admin(), registerSchool("École des Comptes"));
        JsonNode year1 = ReportScenario.audit(admin(), scenario.uai(), scenario.year1());
        JsonNode year2 = ReportScenario.audit(admin(), scenario.uai(), scenario.year2());
        int arrivals = ReportScenario.count(year1, "IMPORT", "AccountCreated");
        assertThat(arrivals).isEqualTo(year1.size()).isGreaterThan(10);
        int undone = ReportScenario.count(year2, "IMPORT", null);
        int compensations = ReportScenario.count(year2, "ROLLBACK", null);
        assertThat(undone).isGreaterThan(0);
        assertThat(compensations).isGreaterThanOrEqualTo(undone);
        // the second import moved and departed pupils: none of that stays counted
        assertThat(ReportScenario.count(year2, "IMPORT", "AccountClassChanged")
                + ReportScenario.count(year2, "IMPORT", "AccountSuspended")).isGreaterThan(0);

        String csv = admin().get("/api/schools/" + scenario.uai() + "/reports/history?" + PERIOD + "&format=csv")
                .body().substring(1);
        List<CSVRecord> records = CsvReport.format().parse(new StringReader(csv)).getRecords();
        CSVRecord month = records.stream()
                .filter(r -> r.get(0).equals(YearMonth.from(TODAY).format(DateTimeFormatter.ofPattern("MMMM yyyy",
                        Locale.FRENCH)))).findFirst().orElseThrow();
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i < month.size(); i++) {
            counts.add(Integer.parseInt(month.get(i)));
        }
        // Arrivées, Départs, Classe, Noms, À la main, Annulations, Imports annulés, Autres, Total
        assertThat(counts).containsExactly(arrivals, 0, 0, 0, 2, compensations, undone, 0,
                arrivals + 2 + compensations + undone);
        assertThat(csv).contains("Changements d’imports annulés");

        String html = admin().get("/api/schools/" + scenario.uai() + "/reports/history?" + PERIOD + "&format=html")
                .body();
        assertThat(html).contains("<th>Annulations d’import</th>")
                .contains("<td class=\"n\">" + (arrivals + 2 + compensations + undone) + "</td>");
    }

    private static String day(LocalDate date) {
        return (date.getDayOfMonth() == 1 ? "1er" : String.valueOf(date.getDayOfMonth())) + " "
                + date.format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.FRENCH));
    }
}
