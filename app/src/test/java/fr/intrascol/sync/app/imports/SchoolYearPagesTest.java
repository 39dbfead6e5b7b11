package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.BrowserTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cases of a school year through the pages: a name corrected by hand that the next extraction would
 * undo (kept, or the file's value taken), last year's file uploaded after this year's, a plan abandoned
 * with a reason, and the field-by-field preview of a rollback.
 */
class SchoolYearPagesTest extends BrowserTest {

    @TempDir
    Path files;

    @Test
    void a_first_name_corrected_by_hand_is_marked_kept_by_default_and_replaced_only_when_asked() {
        String uai = registerSchool("École du Livret");
        Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv");
        JsonNode pupil = admin().get("/api/schools/" + uai + "/accounts").json().get(0);
        String id = pupil.get("accountId").asText();
        String fileName = pupil.get("firstName").asText();
        Api.Response corrected = admin().patch("/api/accounts/" + id,
                Map.of("firstName", fileName + "-Marie", "reason", "livret de famille"), Map.of());
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);
        signIn(createUser("DIRECTOR", uai), PASSWORD);

        // the preview marks the line, says who changed it and why, and offers the choice (unticked)
        String importId = upload(uai, fixture("onde-2026/0170001J.csv"));
        assertThat(importId).as("the preview opens").isNotNull();
        String manual = browser.textOf(By.id("modifications-manuelles"));
        assertThat(manual).contains("Valeurs modifiées à la main (1)", "Prénom", fileName + "-Marie", "admin",
                "livret de famille", pupil.get("login").asText());
        assertThat(browser.field("Prendre la valeur du fichier").isSelected()).as("keep by default").isFalse();
        assertThat(text()).contains("1 modifiés à la main");
        browser.driver().findElement(By.id("onglet-noms")).click();
        browser.waitFor(By.cssSelector(".tab-panel .manual-mark"));
        String panel = browser.textOf(By.cssSelector(".tab-panel"));
        assertThat(panel).contains("modifié à la main", "Prénom : « " + fileName + "-Marie », par admin",
                "(livret de famille)");
        shot("manual-mark");

        // applied without ticking: the value set by hand stays
        browser.click("Appliquer");
        browser.waitForText("Import appliqué");
        assertThat(admin().get("/api/imports/" + importId).json().get("status").asText()).isEqualTo("APPLIED");
        assertThat(admin().get("/api/accounts/" + id).json().get("firstName").asText()).isEqualTo(fileName + "-Marie");

        // the same file again, the file's value taken this time
        upload(uai, fixture("onde-2026/0170001J.csv"));
        assertThat(browser.textOf(By.id("modifications-manuelles"))).contains(fileName + "-Marie");
        browser.tick("Prendre la valeur du fichier");
        browser.click("Appliquer");
        browser.waitForText("Import appliqué");
        assertThat(admin().get("/api/accounts/" + id).json().get("firstName").asText()).isEqualTo(fileName);
    }

    @Test
    void last_years_file_after_this_years_is_refused_until_the_older_file_is_confirmed() {
        String uai = registerSchool("École à Rebours");
        Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv");
        String year2 = Schools.importFixture(admin(), uai, "onde-2027/0170001J.csv").get("importId").asText();
        // a pupil of both years whose first name is corrected by hand: the old file would undo it
        String id = firstMove(admin(), year2)[0];
        String fileName = admin().get("/api/accounts/" + id).json().get("firstName").asText();
        Api.Response corrected = admin().patch("/api/accounts/" + id,
                Map.of("firstName", "Prénom-Corrigé", "reason", "acte de naissance"), Map.of());
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);
        signIn(createUser("DIRECTOR", uai), PASSWORD);

        String importId = upload(uai, fixture("onde-2026/0170001J.csv"));
        assertThat(browser.textOf(By.id("fichier-ancien")))
                .contains("ce fichier semble plus ancien que le dernier import");
        assertThat(browser.textOf(By.id("confirmation-ancien"))).contains("Sans cette confirmation");
        shot("older-file");

        // the file's first name taken (and the departures confirmed if asked), not the older file: refused in French
        boolean massDeparture = admin().get("/api/imports/" + importId).json().get("massDeparture").asBoolean();
        if (massDeparture) {
            browser.tick("Je confirme que ces élèves ont bien quitté l’école");
        }
        browser.driver().findElement(By.id("prendre-" + id)).click();
        browser.click("Appliquer");
        browser.waitForText("L’import n’a pas été appliqué");
        assertThat(browser.path()).startsWith("/imports/" + importId + "/plan");
        assertThat(browser.textOf(By.id("refus"))).contains("Ce fichier semble plus ancien que le dernier import",
                "cochez la confirmation du fichier plus ancien");
        assertThat(admin().get("/api/imports/" + importId).json().get("status").asText()).isEqualTo("PLANNED");
        assertThat(browser.driver().findElement(By.id("prendre-" + id)).isSelected())
                .as("the director's choice is kept").isTrue();
        if (massDeparture) {
            assertThat(browser.field("Je confirme que ces élèves ont bien quitté l’école").isSelected()).isTrue();
        }
        assertThat(browser.field("Je confirme que ce fichier est le bon, même s’il semble plus ancien").isSelected())
                .isFalse();

        browser.tick("Je confirme que ce fichier est le bon, même s’il semble plus ancien");
        browser.click("Appliquer");
        browser.waitForText("Import appliqué");
        assertThat(admin().get("/api/imports/" + importId).json().get("status").asText()).isEqualTo("APPLIED");
        assertThat(admin().get("/api/accounts/" + id).json().get("firstName").asText()).isEqualTo(fileName);
    }

    @Test
    void the_uploader_abandons_a_plan_with_a_reason_and_it_can_no_longer_be_applied() {
        String uai = registerSchool("École Brouillon");
        String director = createUser("DIRECTOR", uai);
        String colleague = createUser("DIRECTOR", uai);
        signIn(director, PASSWORD);
        String importId = upload(uai, fixture("onde-2026/0170002K.csv"));

        // a reason of blanks is refused in French, nothing dropped
        browser.field("Motif de l’abandon").sendKeys("   ");
        browser.click("Abandonner ce plan");
        browser.waitForText("Indiquez pourquoi vous abandonnez ce plan");
        assertThat(admin().get("/api/imports/" + importId).json().get("status").asText()).isEqualTo("PLANNED");

        browser.field("Motif de l’abandon").clear();
        browser.field("Motif de l’abandon").sendKeys("extraction d’une autre école");
        browser.click("Abandonner ce plan");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .until(d -> browser.path().equals("/imports/" + importId));
        browser.waitForText("Motif de l’abandon");
        assertThat(browser.textOf(By.cssSelector(".badge"))).isEqualTo("Abandonné");
        assertThat(browser.textOf(By.id("abandon-qui"))).contains("par " + director);
        assertThat(browser.textOf(By.id("abandon-motif"))).isEqualTo("extraction d’une autre école");
        assertThat(browser.all(By.xpath("//a[normalize-space(.)='Voir l’analyse et appliquer']"))).isEmpty();
        shot("discarded");
        JsonNode discarded = admin().get("/api/imports/" + importId).json();
        assertThat(discarded.get("status").asText()).isEqualTo("DISCARDED");
        assertThat(discarded.get("discard").get("reason").asText()).isEqualTo("extraction d’une autre école");

        // the preview says so and offers no apply, nor a second abandon
        browser.go("/imports/" + importId + "/plan");
        assertThat(browser.heading()).isEqualTo("Plan d’import abandonné");
        assertThat(browser.textOf(By.id("abandonne"))).contains("Abandonné", "par " + director,
                "Motif : extraction d’une autre école");
        assertThat(browser.all(By.xpath("//button[normalize-space(.)='Appliquer']"))).isEmpty();
        assertThat(browser.all(By.xpath("//button[normalize-space(.)='Abandonner ce plan']"))).isEmpty();

        browser.go("/schools/" + uai + "/imports");
        assertThat(browser.textOf(By.cssSelector("table.imports tbody tr .badge"))).isEqualTo("Abandonné");
        assertThat(browser.text()).doesNotContain("DISCARDED");

        // another director of the school cannot abandon someone else's plan
        Api.Response planned = user(colleague).upload("/api/schools/" + uai + "/imports", "x.csv",
                Fixtures.be1d("onde-2027/0170002K.csv"));
        assertThat(planned.status()).as(planned.toString()).isEqualTo(201);
        browser.go("/imports/" + planned.json().get("importId").asText() + "/plan");
        browser.waitFor(By.tagName("h1"));
        assertThat(browser.heading()).isEqualTo("Vérifier l’import avant de l’appliquer");
        assertThat(browser.all(By.id("abandon"))).isEmpty();
    }

    @Test
    void the_rollback_preview_lists_field_by_field_what_it_puts_back_and_leaves_a_name_set_by_hand() {
        String uai = registerSchool("École des Marées");
        Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv");
        String year2 = Schools.importFixture(admin(), uai, "onde-2027/0170001J.csv").get("importId").asText();
        String[] moved = firstMove(admin(), year2);
        String id = moved[0];
        Api.Response corrected = admin().patch("/api/accounts/" + id, Map.of("firstName", "Prénom-Corrigé",
                "reason", "livret de famille"), Map.of());
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);
        String login = corrected.json().get("login").asText();

        signIn(createUser("DIRECTOR", uai), PASSWORD);
        browser.go("/imports/" + year2 + "/rollback");
        browser.waitForText("Ce que l’annulation ferait");
        assertThat(browser.text()).contains("Ce qui serait remis, champ par champ");
        List<WebElement> rows = browser.all(By.cssSelector("table.reverts tbody tr[data-account='" + id + "']"));
        assertThat(rows).as("the pupil's class and level are put back").isNotEmpty();
        assertThat(rows).extracting(r -> r.getAttribute("data-field")).contains("classGroup")
                .allSatisfy(field -> assertThat(field).isIn("classGroup", "level"));
        WebElement classRow = browser.driver().findElement(
                By.cssSelector("table.reverts tbody tr[data-account='" + id + "'][data-field='classGroup']"));
        List<String> cells = classRow.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(cells.get(0)).contains(login);
        assertThat(cells.get(1)).isEqualTo("Changement de classe");
        assertThat(cells.get(2)).isEqualTo("Classe");
        assertThat(cells.get(4)).as("back to the 2026 class").isEqualTo(moved[1]);
        assertThat(browser.all(By.cssSelector("ul.conflicts li[data-account='" + id + "']")))
                .as("a first name corrected by hand does not stop the class from going back").isEmpty();
        assertThat(browser.all(By.cssSelector("table.reverts tbody tr[data-account='" + id + "'][data-field='firstName']")))
                .isEmpty();
        ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('remises').scrollIntoView()");
        shot("rollback-preview");
        assertThat(admin().get("/api/imports/" + year2).json().get("status").asText()).isEqualTo("APPLIED");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** Signs in and waits for the landing page (Browser.signIn does not wait for the form's answer). */
    private void signIn(String username, String password) {
        browser.signIn(username, password);
        browser.waitForText("Se déconnecter");
    }

    /** A screenshot of the whole page (as tall as it is), for review. */
    private void shot(String name) {
        var window = browser.driver().manage().window();
        var size = window.getSize();
        long height = (Long) ((JavascriptExecutor) browser.driver())
                .executeScript("return document.documentElement.scrollHeight;");
        window.setSize(new Dimension(size.getWidth(), (int) Math.min(height + 150, 4000)));
        browser.screenshot(getClass().getSimpleName() + "-" + name);
        window.setSize(size);
    }

    /** The first class move of an import: its account and the class it had before. */
    private static String[] firstMove(Api api, String importId) {
        for (JsonNode change : api.get("/api/imports/" + importId).json().get("changes")) {
            if (change.get("kind").asText().equals("MOVE")) {
                for (JsonNode field : change.get("fields")) {
                    if (field.get("field").asText().equals("classGroup")) {
                        return new String[]{change.get("accountId").asText(), field.get("from").asText()};
                    }
                }
            }
        }
        throw new AssertionError("import " + importId + " moved nobody");
    }

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
        try {
            Path dir = Files.createTempDirectory(files, "upload");
            return Files.write(dir.resolve(Path.of(path).getFileName().toString()), Fixtures.be1d(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page's text on one line, as a sentence reads (a stat's number and label are on two lines). */
    private String text() {
        return browser.text().replaceAll("\\s+", " ");
    }
}
