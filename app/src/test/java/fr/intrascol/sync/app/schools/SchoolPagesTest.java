package fr.intrascol.sync.app.schools;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.BrowserTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The list of schools (ICT staff), registering a school, a school's home (directors), and other schools refused. */
class SchoolPagesTest extends BrowserTest {

    @Test
    void the_ict_staff_see_each_schools_import_and_server_and_register_a_school_through_the_form() {
        String imported = registerSchool("École des Mimosas");
        Schools.importFixture(admin(), imported, "onde-2026/0170001J.csv");
        String idle = registerSchool("École des Mimosas annexe");

        browser.signIn("admin", ADMIN_PASSWORD);
        assertThat(browser.path()).isEqualTo("/schools");
        browser.field("Rechercher une école (nom ou UAI)").sendKeys("mimosas");
        browser.waitForText("2 écoles sur");
        assertThat(row(imported).getText()).contains("École des Mimosas", "Appliqué", "Non configuré")
                .doesNotContain("APPLIED");
        assertThat(row(idle).getText()).contains("Aucun import cette année", "Non configuré");
        // problems first: the school that never imported comes before the one that did
        assertThat(browser.text().indexOf(idle)).isLessThan(browser.text().indexOf(imported));
        browser.screenshot("SchoolPagesTest-list");
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(800, 700));
        browser.screenshot("SchoolPagesTest-list-800px");
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));

        // a wrong check letter: refused in French, what was typed is kept
        String uai = newUai();
        String wrong = uai.substring(0, 7) + (uai.charAt(7) == 'A' ? 'B' : 'A');
        browser.driver().findElement(By.xpath("//summary[normalize-space(.)='Enregistrer une école']")).click();
        browser.field("UAI").sendKeys(wrong);
        browser.field("Nom de l’école").sendKeys("École de l’Estran");
        browser.click("Enregistrer l’école");
        browser.waitForText("L’UAI n’est pas valide");
        assertThat(browser.field("UAI").getDomProperty("value")).isEqualTo(wrong);
        assertThat(browser.field("Nom de l’école").getDomProperty("value")).isEqualTo("École de l’Estran");
        browser.screenshot("SchoolPagesTest-register-refused");

        browser.field("UAI").clear();
        browser.field("UAI").sendKeys(uai);
        browser.click("Enregistrer l’école");
        browser.waitForText("L’école École de l’Estran (" + uai + ") est enregistrée.");
        assertThat(browser.path()).isEqualTo("/schools/" + uai);
        assertThat(browser.heading()).isEqualTo("École de l’Estran");
        assertThat(admin().get("/api/schools/" + uai).status()).isEqualTo(200);
    }

    @Test
    void a_director_lands_on_their_school_and_is_refused_another_schools_pages() {
        String uai = registerSchool("École du Phare");
        String other = registerSchool("École des Salines");
        Schools.importFixture(admin(), uai, "onde-2026/0170002K.csv");
        String director = createUser("DIRECTOR", uai);

        browser.signIn(director, PASSWORD);
        assertThat(browser.path()).isEqualTo("/schools/" + uai);
        assertThat(browser.heading()).isEqualTo("École du Phare");
        browser.screenshot("SchoolPagesTest-home");
        String home = browser.text();
        assertThat(home).contains("76", "comptes actifs", "Appliqué", "Non configuré", "Importer une extraction ONDE")
                .doesNotContain("Aucun import cette année");
        assertThat(browser.driver().findElement(By.linkText("Importer une extraction ONDE")).getAttribute("href"))
                .endsWith("/schools/" + uai + "/imports/new");

        for (String path : new String[]{"/schools/" + other, "/schools/" + other + "/server",
                "/schools/" + other + "/accounts", "/schools/" + other + "/server/drift"}) {
            browser.go(path);
            assertThat(browser.heading()).as(path).isEqualTo("Accès refusé");
            assertThat(browser.text()).as(path).doesNotContain("École des Salines");
            assertThat(status(path)).as(path).isEqualTo(403);
        }
        assertThat(status("/schools/" + uai)).isEqualTo(200);

        // the other school's own pages, reached by their ids: an account, its forms, an import and its steps
        String applied = Schools.importFixture(admin(), other, "onde-2026/0170001J.csv").get("importId").asText();
        Api.Response upload = admin().upload("/api/schools/" + other + "/imports", "salines-2027.csv",
                Fixtures.be1d("onde-2027/0170001J.csv"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        String planned = upload.json().get("importId").asText();
        JsonNode pupil = admin().get("/api/schools/" + other + "/accounts").json().get(0);
        String accountId = pupil.get("accountId").asText();
        List<String> secrets = List.of("École des Salines", other, pupil.get("lastName").asText(),
                pupil.get("firstName").asText(), pupil.get("login").asText(), "salines-2027.csv");
        for (String path : new String[]{"/accounts/" + accountId, "/accounts/" + accountId + "/names",
                "/accounts/" + accountId + "/password", "/imports/" + applied, "/imports/" + applied + "/result",
                "/imports/" + applied + "/rollback", "/imports/" + planned, "/imports/" + planned + "/plan"}) {
            browser.go(path);
            assertThat(browser.heading()).as(path).isEqualTo("Accès refusé");
            String page = browser.text();
            assertThat(page).as(path).contains("Vous n’avez pas accès");
            for (String secret : secrets) {
                assertThat(page).as(path + " shows " + secret).doesNotContain(secret);
            }
            assertThat(status(path)).as(path).isEqualTo(403);
        }
        browser.screenshot("SchoolPagesTest-other-school-account-refused");
        assertThat(admin().get("/api/imports/" + planned).json().get("status").asText()).isEqualTo("PLANNED");
    }

    /**
     * A file refused after the applied import does not hide it: the school's home and the list show the applied
     * import as the last import, and the refused file apart, with its date.
     */
    @Test
    void a_later_refused_file_does_not_hide_the_applied_import() {
        String uai = registerSchool("École des Oyats");
        String applied = Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv").get("importId").asText();
        Api.Response refused = admin().upload("/api/schools/" + uai + "/imports", "photo-de-classe.csv",
                "pas une extraction".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        String director = createUser("DIRECTOR", uai);

        browser.signIn(director, PASSWORD);
        assertThat(browser.path()).isEqualTo("/schools/" + uai);
        assertThat(browser.textOf(By.id("dernier-import"))).contains("Le dernier import appliqué :", "Appliqué")
                .doesNotContain("refusé");
        assertThat(browser.driver().findElement(By.cssSelector("#dernier-import a")).getAttribute("href"))
                .endsWith("/imports/" + applied);
        assertThat(browser.textOf(By.id("dernier-refus"))).startsWith("Dernier fichier refusé : « photo-de-classe.csv »,"
                + " déposé le ").contains("il n’a rien changé");
        browser.screenshot("SchoolPagesTest-home-refused-after-applied");

        browser.driver().manage().deleteAllCookies();
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/schools?q=" + uai);
        assertThat(row(uai).getText()).contains("Appliqué", "Dernier fichier refusé").doesNotContain("Fichier refusé\n");
        assertThat(row(uai).findElement(By.cssSelector("td.import-state .badge")).getText()).isEqualTo("Appliqué");
    }

    private WebElement row(String uai) {
        return browser.driver().findElement(By.xpath("//table//tr[td[normalize-space(.)='" + uai + "']]"));
    }

    /** The HTTP status of a page, fetched by the signed-in browser. */
    private long status(String path) {
        return (Long) ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {redirect: 'manual'}).then(function (r) { done(r.status); });", path);
    }
}
