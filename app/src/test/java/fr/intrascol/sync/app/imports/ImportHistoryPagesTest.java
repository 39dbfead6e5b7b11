package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.BrowserTest;
import fr.intrascol.sync.app.support.Schools;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A school's imports, one import's changes, and rolling an import back through the pages. */
class ImportHistoryPagesTest extends BrowserTest {

    /** Signs in and waits for the landing page (Browser.signIn does not wait for the form's answer). */
    private void signIn(String username, String password) {
        browser.signIn(username, password);
        browser.waitForText("Se déconnecter");
    }


    /** A screenshot of the whole page (as tall as it is), for review. */
    private void shot(String name) {
        var window = browser.driver().manage().window();
        var size = window.getSize();
        long height = (Long) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("return document.documentElement.scrollHeight;");
        window.setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(height + 150, 4000)));
        browser.screenshot(getClass().getSimpleName() + "-" + name);
        window.setSize(size);
    }

    /** A school with the 2026 then the 2027 extraction applied; answers the 2027 import's id. */
    private String twoYears(String uai) {
        Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv");
        return Schools.importFixture(admin(), uai, "onde-2027/0170001J.csv").get("importId").asText();
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

    @Test
    void a_director_rolls_back_the_2027_import_after_seeing_what_it_would_undo() {
        String uai = registerSchool("École des Mouettes");
        String year2 = twoYears(uai);
        String[] moved = firstMove(admin(), year2);
        String director = createUser("DIRECTOR", uai);

        signIn(director, PASSWORD);
        browser.go("/schools/" + uai + "/imports");
        assertThat(browser.heading()).isEqualTo("Imports de l’école");
        assertThat(browser.all(By.cssSelector("table.imports tbody tr"))).hasSize(2);
        assertThat(browser.text()).contains("Appliqué").doesNotContain("APPLIED");
        shot("list");
        browser.all(By.cssSelector("table.imports tbody tr a")).get(0).click();   // newest first: 2027

        assertThat(browser.path()).isEqualTo("/imports/" + year2);
        assertThat(browser.text()).contains("Changement de classe", "arrivées", "Ce que l’import a changé");
        shot("detail");
        browser.click("Annuler cet import");

        browser.waitForText("Ce que l’annulation ferait");
        assertThat(browser.text()).contains("Aucun conflit", "Les changements de l’import", "Forcer les conflits");
        int rows = browser.all(By.cssSelector("table.changes tbody tr")).size();
        assertThat(rows).isGreaterThan(5);
        assertThat(browser.textOf(By.cssSelector(".stat b"))).isEqualTo(String.valueOf(rows));
        shot("preview");
        browser.field("Motif de l’annulation").sendKeys("Extraction d’une autre école");
        browser.click("Confirmer l’annulation");

        browser.waitForText("Import annulé");
        assertThat(browser.text()).contains(rows + " changements ont été défaits", "Extraction d’une autre école")
                .doesNotContain("(s)");
        shot("result");
        browser.click("Voir l’import");
        browser.waitForText("Motif de l’annulation");
        assertThat(browser.textOf(By.cssSelector(".badge"))).isEqualTo("Annulé");
        assertThat(browser.all(By.xpath("//a[normalize-space(.)='Annuler cet import']"))).isEmpty();
        assertThat(admin().get("/api/accounts/" + moved[0]).json().get("classGroup").asText())
                .as("back in its 2026 class").isEqualTo(moved[1]);
    }

    @Test
    void the_preview_shows_an_account_edited_since_the_import_as_a_conflict() {
        String uai = registerSchool("École des Goélands");
        String year2 = twoYears(uai);
        String movedId = firstMove(admin(), year2)[0];
        Api.Response edit = admin().patch("/api/accounts/" + movedId, Map.of("classGroup", "CM1 Mme ROUX",
                "reason", "demande des parents"), Map.of());
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        String login = edit.json().get("login").asText();

        signIn(createUser("DIRECTOR", uai), PASSWORD);
        browser.go("/imports/" + year2 + "/rollback");
        browser.waitForText("Ce que l’annulation ferait");
        String conflicts = browser.textOf(By.cssSelector(".alert.warning"));
        assertThat(conflicts).contains("Conflits", login, "Changement de classe", "laissés tels quels");
        assertThat(browser.all(By.cssSelector("tr.conflict"))).isNotEmpty();
        assertThat(admin().get("/api/imports/" + year2).json().get("status").asText()).isEqualTo("APPLIED");
    }

    @Test
    void a_rollback_without_a_reason_is_refused_in_french_and_keeps_what_was_chosen() {
        String uai = registerSchool("École des Sternes");
        String year1 = Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv").get("importId").asText();

        signIn(createUser("DIRECTOR", uai), PASSWORD);
        browser.go("/imports/" + year1 + "/rollback");
        browser.field("Motif de l’annulation").sendKeys("   ");
        browser.tick("Forcer les conflits");
        browser.click("Confirmer l’annulation");

        browser.waitForText("Indiquez le motif");
        assertThat(browser.field("Forcer les conflits").isSelected()).as("force kept").isTrue();
        assertThat(admin().get("/api/imports/" + year1).json().get("status").asText()).isEqualTo("APPLIED");

        // rolled back meanwhile (another tab): refused in French, the reason typed is still there
        assertThat(admin().post("/api/imports/" + year1 + "/rollback", Map.of("reason", "ailleurs")).status())
                .isEqualTo(200);
        browser.field("Motif de l’annulation").clear();
        browser.field("Motif de l’annulation").sendKeys("Mauvais fichier");
        browser.click("Confirmer l’annulation");
        browser.waitForText("Cet import a déjà été annulé");
        assertThat(browser.field("Motif de l’annulation").getDomProperty("value")).isEqualTo("Mauvais fichier");
        assertThat(browser.all(By.xpath("//button[normalize-space(.)='Confirmer l’annulation']"))).isEmpty();
    }

    @Test
    void an_inspector_sees_the_import_but_cannot_roll_it_back() {
        String uai = registerSchool("École des Cormorans");
        String year1 = Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv").get("importId").asText();

        signIn(createUser("INSPECTOR", uai), PASSWORD);
        browser.go("/imports/" + year1);
        browser.waitForText("Ce que l’import a changé");
        assertThat(browser.all(By.xpath("//a[normalize-space(.)='Annuler cet import']"))).isEmpty();
        browser.go("/imports/" + year1 + "/rollback");
        assertThat(browser.heading()).isEqualTo("Accès refusé");

        // a hand-made form with the session's CSRF token: refused all the same
        browser.go("/imports/" + year1);
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("""
                var form = document.createElement('form');
                form.method = 'post';
                form.action = '/imports/' + arguments[0] + '/rollback';
                [['_csrf', document.querySelector('meta[name="_csrf"]').content], ['reason', 'essai']].forEach(function (p) {
                  var input = document.createElement('input');
                  input.type = 'hidden'; input.name = p[0]; input.value = p[1];
                  form.appendChild(input);
                });
                document.body.appendChild(form);
                form.submit();""", year1);
        browser.waitForText("Accès refusé");
        assertThat(admin().get("/api/imports/" + year1).json().get("status").asText()).isEqualTo("APPLIED");
    }

    /**
     * A whole school's first import (76 arrivals) rolled back (each account suspended, then closed): its page
     * shows the counts on top, then the 228 changes 50 at a time, the page in the address, with French page
     * links; never the whole list.
     */
    @Test
    void a_rolled_back_import_is_paged_with_its_counts_on_top() {
        String uai = registerSchool("École des Courlis");
        String year1 = Schools.importFixture(admin(), uai, "onde-2026/0170002K.csv").get("importId").asText();
        Api.Response rolledBack = admin().post("/api/imports/" + year1 + "/rollback",
                Map.of("reason", "Extraction d’une autre école"));
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
        String director = createUser("DIRECTOR", uai);

        signIn(director, PASSWORD);
        browser.go("/imports/" + year1);
        assertThat(browser.textOf(By.cssSelector(".grid"))).contains("76", "arrivées");
        assertThat(browser.text()).contains("76 changements de l’import ont été annulés.",
                "228 changements, du plus récent au plus ancien, 50 par page.", "Page 1 sur 5")
                .doesNotContain("(s)");
        assertThat(browser.all(By.cssSelector("table.changes tbody tr"))).hasSize(50);
        // newest first: the rollback's closings come first, marked as such
        assertThat(browser.textOf(By.cssSelector("table.changes tbody tr"))).contains("Annulation", "Fermeture du compte");
        shot("detail-paged");
        long height = (Long) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("return document.documentElement.scrollHeight;");
        assertThat(height).as("a page of 50 changes, not the whole import").isLessThan(9000);

        browser.click("Page suivante ›");
        browser.waitForText("Page 2 sur 5");
        assertThat(browser.path()).isEqualTo("/imports/" + year1 + "?page=2");
        assertThat(browser.all(By.cssSelector("table.changes tbody tr"))).hasSize(50);
        browser.click("Dernière page »");
        browser.waitForText("Page 5 sur 5");
        assertThat(browser.all(By.cssSelector("table.changes tbody tr"))).hasSize(28);
        assertThat(browser.text()).contains("Création du compte", "‹ Page précédente").doesNotContain("Page suivante");
        // a page out of range or not a number: the nearest page, never an error
        browser.go("/imports/" + year1 + "?page=99");
        assertThat(browser.text()).contains("Page 5 sur 5");
        browser.go("/imports/" + year1 + "?page=abc");
        assertThat(browser.text()).contains("Page 1 sur 5");
    }
}
