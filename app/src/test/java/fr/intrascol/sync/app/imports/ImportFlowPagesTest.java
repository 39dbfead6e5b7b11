package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.BrowserTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.command.extraction.ExtractionReader;
import fr.intrascol.sync.testsupport.Fixtures;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-of-year import through its pages, as the director of a fresh school: upload, preview by tab,
 * decisions (renames, lines with problems, a partial extraction), apply with its progress page, result
 * and the credentials sheets.
 */
class ImportFlowPagesTest extends BrowserTest {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    @TempDir
    Path files;

    @Test
    void a_first_extraction_opens_every_account_and_prints_one_class() throws IOException {
        String uai = registerSchool("École Jules-Ferry");
        String director = createUser("DIRECTOR", uai);
        int pupils = new ExtractionReader(ExtractionReader.Limits.defaults())
                .read(Fixtures.be1d("onde-2026/0170001J.csv")).rows().size();
        browser.signIn(director, PASSWORD);

        String importId = upload(uai, fixture("onde-2026/0170001J.csv"));
        assertThat(tabCount("arrivees")).isEqualTo(pupils);
        assertThat(tabCount("departs")).isZero();
        assertThat(browser.all(By.cssSelector(".tab-panel tbody tr"))).hasSize(pupils);

        browser.click("Appliquer");
        browser.waitForText("Import appliqué");
        assertThat(browser.path()).isEqualTo("/imports/" + importId + "/result");
        assertThat(referrer()).as("the apply went through the progress page").endsWith("/imports/" + importId + "/progress");
        assertThat(text()).contains(pupils + " comptes ouverts ou réactivés", "ne sont que sur ces fiches");
        assertThat(admin().get("/api/imports/" + importId).json().get("appliedBy").asText())
                .as("the background apply acts as the director").isEqualTo(director);

        JsonNode pupil = admin().get("/api/schools/" + uai + "/accounts").json().get(0);
        String classGroup = pupil.get("classGroup").asText();
        browser.driver().findElement(By.xpath("//table[contains(@class,'sheets')]//tr[td[1][normalize-space()="
                + xpathLiteral(classGroup) + "]]//a")).click();
        Path pdf = browser.download(".pdf");
        String text;
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            text = new PDFTextStripper().getText(document);
        }
        assertThat(text).contains(pupil.get("login").asText(), classGroup);
        Matcher password = Pattern.compile("Mot de passe\\s*:\\s*(\\S+)").matcher(text);
        assertThat(password.find()).isTrue();
        assertThat(browser.driver().getPageSource()).as("passwords are only in the PDF").doesNotContain(password.group(1));

        browser.click("J’ai imprimé les fiches : les effacer maintenant");
        browser.driver().switchTo().alert().accept();
        browser.waitForText("ne sont plus disponibles");
        assertThat(admin().get("/api/imports/" + importId + "/credentials.pdf").status()).isEqualTo(404);
    }

    @Test
    void the_next_year_shows_departures_moves_and_renames_then_applies() {
        String uai = registerSchool("École du Parc");
        Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv");
        String director = createUser("DIRECTOR", uai);
        browser.signIn(director, PASSWORD);

        String importId = upload(uai, fixture("onde-2027/0170001J.csv"));
        JsonNode plan = admin().get("/api/imports/" + importId).json();
        JsonNode summary = plan.get("summary");
        assertThat(summary.get("departures").asInt()).isPositive();
        assertThat(summary.get("moves").asInt()).isPositive();
        assertThat(tabCount("arrivees")).isEqualTo(summary.get("arrivals").asInt());
        assertThat(tabCount("departs")).isEqualTo(summary.get("departures").asInt());
        assertThat(tabCount("classes")).isEqualTo(summary.get("moves").asInt());
        assertThat(tabCount("noms")).isEqualTo(summary.get("renames").asInt());
        assertThat(tabCount("inchanges")).isEqualTo(summary.get("unchanged").asInt());

        String leavingId = StreamSupport.stream(plan.get("changes").spliterator(), false)
                .filter(c -> c.get("kind").asText().equals("DEPARTURE")).findFirst().orElseThrow()
                .get("accountId").asText();
        JsonNode leavingAccount = admin().get("/api/accounts/" + leavingId).json();
        // names as every page writes them: NOM Prénom
        String leaving = leavingAccount.get("lastName").asText() + " " + leavingAccount.get("firstName").asText();
        browser.driver().findElement(By.id("onglet-departs")).click();
        browser.waitForText("leurs comptes seront suspendus");
        assertThat(browser.textOf(By.cssSelector(".tab-panel"))).contains(leaving);
        assertThat(browser.driver().findElement(By.id("onglet-departs")).getAttribute("aria-current")).isEqualTo("true");

        browser.click("Appliquer");
        browser.waitForText("Import appliqué");
        assertThat(text()).contains(summary.get("departures").asInt() + " comptes suspendus (départs)",
                summary.get("moves").asInt() + " changements de classe");
        assertThat(admin().get("/api/imports/" + importId).json().get("status").asText()).isEqualTo("APPLIED");
    }

    @Test
    void a_probable_rename_is_confirmed_and_the_pupil_keeps_the_login() {
        String uai = registerSchool("École des Sables");
        Schools.importFixture(admin(), uai, "be1d-2010/0170003L.csv");
        String login = account(uai, "ANDRÉ", "Adam").get("login").asText();
        String file = new String(Fixtures.be1d("be1d-2010/0170003L.csv"), WINDOWS_1252);
        assertThat(file).contains("ANDRÉ;;Adam;25/08/2006");
        Path renamed = write("CSVExtraction.csv", file.replace("ANDRÉ;;Adam;25/08/2006", "ANDRES;;Adam;25/08/2006")
                .getBytes(WINDOWS_1252));
        browser.signIn(createUser("DIRECTOR", uai), PASSWORD);

        upload(uai, renamed);
        WebElement rename = browser.waitFor(By.cssSelector("fieldset.rename"));
        assertThat(rename.getText()).contains("ANDRÉ Adam → ANDRES Adam", login, "25/08/2006");
        browser.click("Appliquer");
        browser.waitForText("Décidez d’abord si le changement de nom probable de la ligne 5 concerne bien le même élève");

        browser.tick("C’est le même élève");
        browser.click("Appliquer");
        browser.waitForText("Import appliqué");
        JsonNode account = account(uai, "ANDRES", "Adam");
        assertThat(account.get("login").asText()).isEqualTo(login);
        assertThat(account.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void a_partial_extraction_needs_the_confirmation_box() {
        String uai = registerSchool("École des Tilleuls");
        Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv");
        browser.signIn(createUser("DIRECTOR", uai), PASSWORD);

        String importId = upload(uai, fixture("bad/partial-one-class.csv"));
        assertThat(browser.textOf(By.id("extraction-partielle")))
                .contains("ce fichier semble incomplet");
        browser.click("Appliquer");
        browser.waitForText("L’import n’a pas été appliqué");
        assertThat(browser.path()).startsWith("/imports/" + importId + "/plan");
        assertThat(browser.text()).contains("Beaucoup d’élèves quitteraient l’école");
        assertThat(admin().get("/api/imports/" + importId).json().get("status").asText()).isEqualTo("PLANNED");

        // confirmed, but a teacher is created meanwhile: the school refuses the outdated plan in the background
        browser.tick("Je confirme que ces élèves ont bien quitté l’école");
        Api.Response teacher = admin().post("/api/schools/" + uai + "/accounts",
                Map.of("role", "TEACHER", "lastName", "COLIN", "firstName", "Anne", "reason", "nouvelle enseignante"));
        assertThat(teacher.status()).isEqualTo(201);
        browser.click("Appliquer");
        browser.waitForText("Les comptes de l’école ont changé depuis l’analyse de ce fichier");
        assertThat(browser.path()).startsWith("/imports/" + importId + "/plan");
        // the outdated plan cannot be applied any more: one instruction (upload again), no form to fill again
        assertThat(browser.all(By.id("decisions"))).isEmpty();
        assertThat(browser.textOf(By.id("refus"))).doesNotContain("Vos choix ci-dessous sont conservés");

        String again = upload(uai, fixture("bad/partial-one-class.csv"));
        browser.tick("Je confirme que ces élèves ont bien quitté l’école");
        browser.click("Appliquer");
        browser.waitForText("Import appliqué");
        assertThat(admin().get("/api/imports/" + again).json().get("status").asText()).isEqualTo("APPLIED");
    }

    @Test
    void row_errors_are_listed_by_line_with_what_to_fix_and_the_excluded_lines_are_left_out() {
        String uai = registerSchool("École des Genêts");
        browser.signIn(createUser("DIRECTOR", uai), PASSWORD);
        // four good pupils (lines 2, 3, 4, 7) around two rows of the bad-values fixture (lines 5 and 6)
        List<String> good = new String(Fixtures.be1d("onde-2026/0170001J.csv"), WINDOWS_1252).lines()
                .filter(l -> !l.isBlank()).toList();
        List<String> bad = new String(Fixtures.be1d("bad/bad-values.csv"), WINDOWS_1252).lines().toList();
        String martin = bad.stream().filter(l -> l.startsWith("MARTIN;;Léa;31/02/2019")).findFirst().orElseThrow();
        String dubois = bad.stream().filter(l -> l.startsWith("DUBOIS;;Noé;12/03/2019;X;")).findFirst().orElseThrow();
        String file = String.join("\r\n", good.get(0), good.get(1), good.get(2), good.get(3), martin, dubois,
                good.get(4)) + "\r\n";
        String importId = upload(uai, write("CSVExtraction.csv", file.getBytes(WINDOWS_1252)));
        assertThat(importId).as("the preview opens").isNotNull();

        String errors = browser.textOf(By.id("erreurs"));
        assertThat(errors).contains("Lignes en erreur (2)", "corrigez ces élèves dans ONDE",
                "Ligne 5 : la date de naissance n’est pas une date jj/mm/aaaa plausible (colonne Date naissance)."
                        + " Corrigez la fiche dans ONDE.",
                "Ligne 6 : le sexe doit être M ou F (colonne Sexe). Corrigez la fiche dans ONDE.",
                "Ligne 6 : le niveau n’est pas connu (colonne Niveau) : TPS, PS, MS, GS, CP, CE1, CE2, CM1 ou CM2.");
        List<String> lines = browser.all(By.cssSelector("#erreurs tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(lines).containsExactly("5", "6");
        assertThat(text()).contains("2 lignes en erreur");
        assertThat(tabCount("arrivees")).as("only the good lines arrive").isEqualTo(4);
        ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('erreurs').scrollIntoView()");
        browser.screenshot(getClass().getSimpleName() + "-row-errors");

        // not excluded: refused in French, nothing applied
        browser.click("Appliquer");
        browser.waitForText("Les lignes 5 et 6 du fichier comportent des erreurs. Corrigez-les");
        assertThat(browser.path()).startsWith("/imports/" + importId + "/plan");
        assertThat(admin().get("/api/imports/" + importId).json().get("status").asText()).isEqualTo("PLANNED");

        // one line left out is not enough; the tick is kept on the page that comes back
        browser.tick("Laisser la ligne 5 de côté");
        browser.click("Appliquer");
        browser.waitForText("La ligne 6 du fichier comporte des erreurs. Corrigez-la");
        assertThat(browser.field("Laisser la ligne 5 de côté").isSelected()).as("the director's choice is kept")
                .isTrue();
        assertThat(browser.field("Laisser la ligne 6 de côté").isSelected()).isFalse();

        browser.tick("Laisser la ligne 6 de côté");
        browser.click("Appliquer");
        browser.waitForText("Import appliqué");
        assertThat(text()).contains("4 comptes ouverts ou réactivés");
        JsonNode applied = admin().get("/api/imports/" + importId).json();
        assertThat(applied.get("status").asText()).isEqualTo("APPLIED");
        assertThat(applied.get("excludedLines")).as(applied.toString()).hasSize(2);
        assertThat(applied.get("excludedLines").toString()).contains("5", "6");
        List<String> names = StreamSupport.stream(admin().get("/api/schools/" + uai + "/accounts").json()
                .spliterator(), false).map(a -> a.get("lastName").asText()).toList();
        assertThat(names).hasSize(4).doesNotContain("MARTIN", "DUBOIS");
    }

    /**
     * The school's accounts change between the analysis and the click on « Appliquer »: the refusal gives one
     * instruction (upload the file again), and the page no longer offers to apply that plan.
     */
    @Test
    void a_stale_plan_says_one_thing_to_do_and_offers_no_apply_button() {
        String uai = registerSchool("École des Tamaris");
        browser.signIn(createUser("DIRECTOR", uai), PASSWORD);
        String importId = upload(uai, fixture("onde-2026/0170001J.csv"));
        createPupil(admin(), uai, "ENTRETEMPS", "Alix", "2019-05-06", "CP");

        browser.click("Appliquer");
        browser.waitForText("L’import n’a pas été appliqué.");
        String refusal = browser.textOf(By.id("refus"));
        assertThat(refusal).containsPattern("Les comptes de l’école ont changé depuis l’analyse de ce fichier : \\d+"
                + " modifications? depuis\\.").contains("déposez à nouveau le fichier").doesNotContain("Vos choix ci-dessous sont conservés",
                "cliquez à nouveau sur « Appliquer »", "(s)");
        assertThat(browser.all(By.xpath("//button[normalize-space(.)='Appliquer']"))).isEmpty();
        assertThat(browser.all(By.id("decisions"))).isEmpty();
        browser.screenshot(getClass().getSimpleName() + "-stale-plan");
        browser.click("Déposer le fichier à nouveau");
        browser.waitForText("Analyser le fichier");
        assertThat(browser.path()).isEqualTo("/schools/" + uai + "/imports/new");
        assertThat(admin().get("/api/imports/" + importId).json().get("status").asText()).isEqualTo("PLANNED");
    }

    @Test
    void a_refused_file_comes_back_to_the_upload_page_in_french() {
        String uai = registerSchool("École des Vignes");
        browser.signIn(createUser("DIRECTOR", uai), PASSWORD);

        upload(uai, fixture("bad/missing-birthdate-column.csv"));
        browser.waitForText("a été refusé");
        assertThat(browser.path()).isEqualTo("/schools/" + uai + "/imports");
        assertThat(browser.text()).contains("Il manque au fichier la ou les colonnes", "Date naissance",
                "missing-birthdate-column.csv");

        upload(uai, write("liste.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".getBytes(StandardCharsets.US_ASCII)));
        browser.waitForText("« liste.pdf » a été refusé");
        assertThat(browser.text()).contains("Ce fichier n’est pas une extraction CSV");
        assertThat(browser.field("Choisir le fichier d’extraction (CSV)").getAttribute("type")).isEqualTo("file");

        List<String> statuses = StreamSupport.stream(admin().get("/api/schools/" + uai + "/imports").json().spliterator(),
                false).map(i -> i.get("status").asText()).toList();
        assertThat(statuses).as("refusals are recorded").containsExactly("REJECTED", "REJECTED");
    }

    @Test
    void names_that_try_injections_show_as_plain_text() {
        String uai = registerSchool("École du Phare");
        browser.signIn(createUser("DIRECTOR", uai), PASSWORD);

        upload(uai, fixture("bad/injection-attempts.csv"));
        String panel = browser.textOf(By.cssSelector(".tab-panel"));
        assertThat(panel).contains("=HYPERLINK(\"http://x\") Léa", "DUPONT,ou=admins Hugo*)(uid=*",
                "<script>alert(1)</script> Noé");
        assertThat(browser.all(By.tagName("script"))).as("only the layout's scripts").hasSize(2);
        assertThat(browser.all(By.cssSelector("main a[href^='http://x']"))).isEmpty();
        assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void applying_without_the_form_token_is_refused() throws Exception {
        String uai = registerSchool("École des Mouettes");
        browser.signIn(createUser("DIRECTOR", uai), PASSWORD);
        String importId = upload(uai, fixture("onde-2026/0170002K.csv"));
        String session = browser.driver().manage().getCookieNamed("JSESSIONID").getValue();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/imports/" + importId + "/apply"))
                .header("Cookie", "JSESSIONID=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("confirmMassDeparture=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(admin().get("/api/imports/" + importId).json().get("status").asText()).isEqualTo("PLANNED");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** Uploads through the page; answers the import's id once its preview shows. */
    private String upload(String uai, Path file) {
        browser.go("/schools/" + uai + "/imports/new");
        browser.field("Choisir le fichier d’extraction (CSV)").sendKeys(file.toAbsolutePath().toString());
        browser.click("Analyser le fichier");
        // the upload form's address changes once the server has answered (preview, or the form again)
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(d -> !browser.path().endsWith("/imports/new"));
        browser.waitFor(By.tagName("h1"));
        Matcher plan = Pattern.compile("/imports/([0-9a-f-]{36})/plan").matcher(browser.path());
        return plan.find() ? plan.group(1) : null;
    }

    private Path fixture(String path) {
        return write(Path.of(path).getFileName().toString(), Fixtures.be1d(path));
    }

    private Path write(String name, byte[] content) {
        try {
            Path dir = Files.createTempDirectory(files, "upload");
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int tabCount(String tab) {
        return Integer.parseInt(browser.textOf(By.cssSelector("#onglet-" + tab + " .badge")));
    }

    /** The page's text on one line, as a sentence reads (a stat's number and label are on two lines). */
    private String text() {
        return browser.text().replaceAll("\\s+", " ");
    }

    private String referrer() {
        return (String) ((JavascriptExecutor) browser.driver()).executeScript("return document.referrer");
    }

    private JsonNode account(String uai, String lastName, String firstName) {
        return StreamSupport.stream(admin().get("/api/schools/" + uai + "/accounts").json().spliterator(), false)
                .filter(a -> a.get("lastName").asText().equals(lastName) && a.get("firstName").asText().equals(firstName))
                .findFirst().orElseThrow(() -> new AssertionError("no account " + firstName + " " + lastName));
    }

    private static String xpathLiteral(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }
}
