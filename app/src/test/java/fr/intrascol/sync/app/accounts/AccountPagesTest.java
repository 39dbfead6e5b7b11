package fr.intrascol.sync.app.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.Browser;
import fr.intrascol.sync.app.support.BrowserTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The accounts pages, driven in a browser by a director (and an inspector) of a fresh school. */
class AccountPagesTest extends BrowserTest {

    private String uai;
    private String director;

    private Api director() {
        return user(director);
    }

    private void schoolWithDirector(String name) {
        uai = registerSchool(name);
        director = createUser("DIRECTOR", uai);
        browser.signIn(director, PASSWORD);
        signedIn(browser);
    }

    /** Waits until the sign-in has gone through (the next page is no longer the sign-in form). */
    private static void signedIn(Browser browser) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> !browser.path().startsWith("/login"));
    }

    private JsonNode account(String lastName, String firstName) {
        return StreamSupport.stream(director().get("/api/schools/" + uai + "/accounts").json().spliterator(), false)
                .filter(a -> a.get("lastName").asText().equals(lastName) && a.get("firstName").asText().equals(firstName))
                .findFirst().orElseThrow(() -> new AssertionError("no account " + firstName + " " + lastName));
    }

    private void type(String label, String text) {
        WebElement field = browser.field(label);
        field.clear();
        field.sendKeys(text);
    }

    /** Sets a date input (its typing depends on the browser's locale) to an ISO date. */
    private void date(String label, String isoDate) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]",
                browser.field(label), isoDate);
    }

    /** Fills the new account form for a pupil, without a reason. */
    private void pupilForm(String lastName, String firstName, String birthDate, String level) {
        type("Nom", lastName);
        type("Prénom", firstName);
        date("Date de naissance", birthDate);
        new Select(browser.field("Niveau")).selectByVisibleText(level);
    }

    private List<String> rows() {
        return browser.all(By.cssSelector("table.accounts tbody tr")).stream().map(WebElement::getText).toList();
    }

    @Test
    void a_pupils_timeline_shows_the_import_and_a_class_change_with_its_reason_and_actor() {
        schoolWithDirector("École des Timelines");
        String importId = Schools.importFixture(director(), uai, "onde-2026/0170001J.csv").get("importId").asText();
        String id = account("LE GALL", "Noah").get("accountId").asText();

        browser.go("/accounts/" + id);
        assertThat(browser.heading()).contains("Noah", "LE GALL", "Actif");
        browser.click("Changer de classe");
        type("Classe", "CM2 B");
        type("Motif", "Classe dédoublée en janvier");
        browser.click("Changer de classe");

        browser.waitForText("La classe a été changée.");
        List<WebElement> entries = browser.all(By.cssSelector(".timeline > li"));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).getText()).contains("Changement de classe", "Par " + director, "Saisie à l’écran",
                "CM2 M. CARON", "CM2 B", "Motif : « Classe dédoublée en janvier »");
        assertThat(entries.get(1).getText()).contains("Création du compte", "Import d’une extraction ONDE", "Élève",
                "LE GALL", "Noah", "15/02/2016", "CM2 M. CARON");
        assertThat(entries.get(1).findElement(By.linkText("voir l’import")).getAttribute("href"))
                .endsWith("/imports/" + importId);
        assertThat(browser.text()).doesNotContain("PUPIL", "ACTIVE", "MANUAL", "IMPORT", "classGroup");
        ((JavascriptExecutor) browser.driver()).executeScript("document.querySelector('.timeline').scrollIntoView()");
        browser.screenshot(getClass().getSimpleName() + "-timeline");
    }

    @Test
    void the_list_pages_filters_in_a_shareable_url_and_searches_names_as_one_types() {
        schoolWithDirector("École des Filtres");
        Schools.importFixture(director(), uai, "onde-2026/0170002K.csv");
        int total = director().get("/api/schools/" + uai + "/accounts").json().size();
        browser.go("/schools/" + uai + "/accounts");
        assertThat(browser.text()).contains(total + " compte(s)", "page 1 sur 2");
        assertThat(rows()).hasSize(AccountPages.PAGE_SIZE);
        browser.click("Page suivante");
        assertThat(browser.path()).contains("page=2");
        assertThat(rows()).hasSize(total - AccountPages.PAGE_SIZE);

        new Select(browser.field("Classe")).selectByVisibleText("CE2-CM1 M. PERRIN");
        browser.waitForText("14 compte(s) trouvé(s) sur " + total);
        new Select(browser.field("Niveau")).selectByVisibleText("CM1");
        browser.click("Filtrer");
        browser.waitForText("9 compte(s) trouvé(s) sur " + total);
        assertThat(URLDecoder.decode(browser.path(), StandardCharsets.UTF_8))
                .contains("classGroup=CE2-CM1 M. PERRIN", "level=CM1");
        assertThat(rows()).hasSize(9).allMatch(row -> row.contains("CE2-CM1 M. PERRIN") && row.contains("CM1"));

        browser.field("Rechercher (nom ou identifiant)").sendKeys("noemie gall");
        browser.waitForText("1 compte(s) trouvé(s) sur " + total);
        assertThat(rows()).singleElement().asString().contains("LE GALL", "Noémie");
        assertThat(browser.path()).contains("q=noemie");

        browser.go(browser.path());
        assertThat(rows()).singleElement().asString().contains("LE GALL", "Noémie");
        assertThat(browser.field("Rechercher (nom ou identifiant)").getDomProperty("value")).isEqualTo("noemie gall");
        assertThat(new Select(browser.field("Niveau")).getFirstSelectedOption().getText()).isEqualTo("CM1");
        browser.screenshot(getClass().getSimpleName() + "-list-filtered");

        browser.go("/schools/" + uai + "/accounts");
        browser.driver().manage().window().setSize(new Dimension(800, 700));
        ((JavascriptExecutor) browser.driver()).executeScript("document.querySelector('table').scrollIntoView()");
        browser.screenshot(getClass().getSimpleName() + "-list-800px");
        browser.go("/accounts/" + account("LE GALL", "Noémie").get("accountId").asText());
        browser.screenshot(getClass().getSimpleName() + "-account-800px");
    }

    @Test
    void the_role_and_status_filters_list_only_the_matching_accounts() {
        schoolWithDirector("École des Rôles");
        Schools.importFixture(director(), uai, "onde-2026/0170001J.csv");
        Schools.importFixture(director(), uai, "onde-2027/0170001J.csv");
        Api.Response teacher = director().post("/api/schools/" + uai + "/accounts", Map.of("role", "TEACHER",
                "lastName", "COLIN", "firstName", "Anne", "reason", "nouvelle enseignante"));
        assertThat(teacher.status()).as(teacher.toString()).isEqualTo(201);
        JsonNode all = director().get("/api/schools/" + uai + "/accounts").json();
        int total = all.size();
        List<String> suspended = new ArrayList<>();
        int activePupils = 0;
        for (JsonNode account : all) {
            boolean pupil = account.get("role").asText().equals("PUPIL");
            if (account.get("status").asText().equals("SUSPENDED")) {
                suspended.add(account.get("login").asText());
            } else if (pupil) {
                activePupils++;
            }
        }
        assertThat(suspended).as("the 2027 file suspends the pupils who left").isNotEmpty()
                .hasSizeLessThan(AccountPages.PAGE_SIZE);
        assertThat(activePupils).isBetween(1, AccountPages.PAGE_SIZE - 1);
        browser.go("/schools/" + uai + "/accounts");
        browser.waitForText(total + " compte(s)");

        new Select(browser.field("Rôle")).selectByVisibleText("Enseignant");
        browser.waitForText("1 compte(s) trouvé(s) sur " + total);
        assertThat(rows()).singleElement().asString().contains("COLIN", "Anne", "Enseignant", "Actif");
        assertThat(browser.path()).contains("role=TEACHER");

        new Select(browser.field("Rôle")).selectByVisibleText("Tous les rôles");
        new Select(browser.field("Statut")).selectByVisibleText("Suspendu");
        browser.waitForText(suspended.size() + " compte(s) trouvé(s) sur " + total);
        assertThat(rows()).hasSize(suspended.size()).allMatch(row -> row.contains("Suspendu") && !row.contains("Actif"));
        assertThat(browser.all(By.cssSelector("table.accounts tbody tr td code")).stream().map(WebElement::getText)
                .toList()).containsExactlyInAnyOrderElementsOf(suspended);
        assertThat(browser.path()).contains("status=SUSPENDED");

        new Select(browser.field("Rôle")).selectByVisibleText("Enseignant");
        browser.waitForText("Aucun compte ne correspond");
        assertThat(rows()).isEmpty();

        // both filters with the plain form: active pupils only, the address can be shared
        new Select(browser.field("Rôle")).selectByVisibleText("Élève");
        new Select(browser.field("Statut")).selectByVisibleText("Actif");
        browser.click("Filtrer");
        browser.waitForText(activePupils + " compte(s) trouvé(s) sur " + total);
        assertThat(rows()).hasSize(activePupils)
                .allMatch(row -> row.contains("Élève") && row.contains("Actif") && !row.contains("Suspendu"))
                .noneMatch(row -> row.contains("COLIN"));
        browser.go(browser.path());
        assertThat(rows()).hasSize(activePupils);
        assertThat(new Select(browser.field("Rôle")).getFirstSelectedOption().getText()).isEqualTo("Élève");
        assertThat(new Select(browser.field("Statut")).getFirstSelectedOption().getText()).isEqualTo("Actif");
    }

    /** Presses Tab until the focused element satisfies {@code wanted}; each field reached must have its label. */
    private WebElement tabTo(String what, java.util.function.Predicate<WebElement> wanted) {
        for (int presses = 0; presses < 80; presses++) {
            WebElement focused = browser.driver().switchTo().activeElement();
            if (wanted.test(focused)) {
                return focused;
            }
            String tag = focused.getTagName();
            if (List.of("input", "select", "textarea").contains(tag)
                    && !"hidden".equals(focused.getAttribute("type"))) {
                assertThat(browser.all(By.cssSelector("label[for='" + focused.getAttribute("id") + "']")))
                        .as("the label of the field reached by Tab: " + focused.getAttribute("name")).isNotEmpty();
            }
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reaches " + what);
    }

    @Test
    void a_class_change_is_made_with_the_keyboard_only() {
        schoolWithDirector("École du Clavier");
        Schools.importFixture(director(), uai, "onde-2026/0170001J.csv");
        String id = account("LE GALL", "Noah").get("accountId").asText();
        browser.go("/accounts/" + id + "/class");
        browser.waitFor(By.id("classGroup"));

        tabTo("the class field", e -> "classGroup".equals(e.getAttribute("id")));
        new Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL)
                .sendKeys("CM2 Clavier").perform();
        tabTo("the reason field", e -> "reason".equals(e.getAttribute("id")));
        new Actions(browser.driver()).sendKeys("Changement saisi au clavier").perform();
        tabTo("the submit button", e -> e.getTagName().equals("button") && e.getText().equals("Changer de classe"));
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();

        browser.waitForText("La classe a été changée.");
        assertThat(director().get("/api/accounts/" + id).json().get("classGroup").asText()).isEqualTo("CM2 Clavier");
        assertThat(browser.all(By.cssSelector(".timeline > li")).get(0).getText())
                .contains("Changement de classe", "CM2 Clavier", "Motif : « Changement saisi au clavier »");
    }

    @Test
    void an_account_is_created_through_the_form_and_a_missing_reason_keeps_what_was_typed() {
        schoolWithDirector("École des Créations");
        browser.go("/schools/" + uai + "/accounts");
        browser.click("Nouveau compte");
        pupilForm("N’DIAYE", "Aïssatou", "2019-03-25", "CE1");
        type("Classe", "CE1 A");
        browser.click("Créer le compte");

        browser.waitForText("Indiquez le motif de ce changement");
        assertThat(browser.heading()).isEqualTo("Nouveau compte");
        assertThat(browser.textOf(By.id("reason-erreur"))).contains("Indiquez le motif");
        assertThat(browser.field("Nom").getDomProperty("value")).isEqualTo("N’DIAYE");
        assertThat(browser.field("Prénom").getDomProperty("value")).isEqualTo("Aïssatou");
        assertThat(browser.field("Date de naissance").getDomProperty("value")).isEqualTo("2019-03-25");
        assertThat(new Select(browser.field("Niveau")).getFirstSelectedOption().getText()).isEqualTo("CE1");
        ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('reason').scrollIntoView()");
        browser.screenshot(getClass().getSimpleName() + "-reason-missing");

        type("Motif", "Arrivée en cours d’année");
        browser.click("Créer le compte");
        browser.waitForText("Le compte a été créé.");
        assertThat(browser.text()).contains("Mot de passe à noter maintenant", "aissatou.ndiaye", "25/03/2019",
                "Création du compte", "Arrivée en cours d’année");

        // the same child a second time: refused in French, beside what was typed
        browser.go("/schools/" + uai + "/accounts/new");
        pupilForm("N'DIAYE", "Aissatou", "2019-03-25", "CE1");
        type("Motif", "Arrivée");
        browser.click("Créer le compte");
        browser.waitForText("Cette personne a déjà un compte dans l’école (identifiant aissatou.ndiaye)");
        assertThat(browser.field("Prénom").getDomProperty("value")).isEqualTo("Aissatou");
        browser.click("Voir le compte existant");
        assertThat(rows()).singleElement().asString().contains("aissatou.ndiaye");
    }

    @Test
    void an_edit_made_on_an_outdated_page_is_refused_in_french_keeping_the_input_and_showing_the_account_now() {
        schoolWithDirector("École des Conflits");
        String id = createPupil(director(), uai, "PETIT", "Lou", "2018-05-04", "CE2").get("accountId").asText();
        browser.go("/accounts/" + id + "/names");

        try (Browser other = Browser.open(port)) {
            signedIn(other.signIn(director, PASSWORD));
            other.go("/accounts/" + id + "/names");
            other.field("Prénom").clear();
            other.field("Prénom").sendKeys("Louise");
            other.field("Motif").sendKeys("Prénom complet d’après le livret de famille");
            other.click("Enregistrer la correction");
            other.waitForText("Les noms ont été corrigés.");
        }

        type("Nom", "PETIT-DURAND");
        type("Motif", "Nom composé");
        browser.click("Enregistrer la correction");
        browser.waitForText("Quelqu’un d’autre a modifié le compte lou.petit depuis que vous l’avez ouvert.");
        assertThat(browser.field("Nom").getDomProperty("value")).isEqualTo("PETIT-DURAND");
        assertThat(browser.field("Prénom").getDomProperty("value")).isEqualTo("Lou");
        assertThat(browser.field("Motif").getDomProperty("value")).isEqualTo("Nom composé");
        assertThat(browser.textOf(By.cssSelector("section.current")))
                .contains("modifié entre-temps", "Louise", "PETIT", "Changé depuis que vous avez ouvert cette page",
                        "Correction des noms", "Prénom : Lou → Louise", "Prénom complet d’après le livret de famille");
        browser.screenshot(getClass().getSimpleName() + "-stale-form");

        // seen the other change: the person keeps it and saves again
        type("Prénom", "Louise");
        browser.click("Enregistrer la correction");
        browser.waitForText("Les noms ont été corrigés.");
        JsonNode now = director().get("/api/accounts/" + id).json();
        assertThat(now.get("lastName").asText()).isEqualTo("PETIT-DURAND");
        assertThat(now.get("firstName").asText()).isEqualTo("Louise");
    }

    @Test
    void an_account_is_suspended_then_reactivated() {
        schoolWithDirector("École des Suspensions");
        String id = createPupil(director(), uai, "ROUX", "Inès", "2017-01-09", "CM1").get("accountId").asText();
        browser.go("/accounts/" + id);
        browser.click("Suspendre");
        browser.click("Suspendre le compte");
        browser.waitForText("Indiquez le motif de ce changement");
        type("Motif", "Départ de l’école annoncé par la famille");
        browser.click("Suspendre le compte");
        browser.waitForText("Le compte a été suspendu");
        assertThat(browser.heading()).contains("Suspendu");
        assertThat(director().get("/api/accounts/" + id).json().get("status").asText()).isEqualTo("SUSPENDED");

        browser.click("Réactiver");
        type("Motif", "Retour dans l’école");
        browser.click("Réactiver le compte");
        browser.waitForText("Le compte a été réactivé");
        assertThat(browser.heading()).contains("Actif");
        assertThat(browser.all(By.cssSelector(".timeline > li")).get(0).getText())
                .contains("Réactivation", "Suspendu", "Actif", "Retour dans l’école");
        assertThat(director().get("/api/accounts/" + id).json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void a_password_reset_shows_the_new_password_once() {
        schoolWithDirector("École des Mots de passe");
        String id = createPupil(director(), uai, "GARNIER", "Tom", "2016-11-30", "CM2").get("accountId").asText();
        browser.go("/accounts/" + id);
        browser.click("Nouveau mot de passe");
        type("Motif", "Mot de passe oublié");
        browser.click("Créer un nouveau mot de passe");

        browser.waitForText("Mot de passe à noter maintenant");
        String password = browser.textOf(By.cssSelector(".new-password code.password"));
        assertThat(password).matches("[a-z0-9]{10}");
        assertThat(browser.text()).contains("il ne sera plus jamais affiché", "tom.garnier", "Nouveau mot de passe",
                "Mot de passe oublié");
        assertThat(browser.textOf(By.cssSelector(".timeline"))).doesNotContain(password);
        browser.screenshot(getClass().getSimpleName() + "-password-shown");

        browser.go("/accounts/" + id);
        assertThat(browser.text()).doesNotContain(password).doesNotContain("Mot de passe à noter maintenant");
    }

    @Test
    void the_view_at_a_past_moment_shows_an_account_as_it_was_before_a_change() {
        schoolWithDirector("École du Passé");
        String id = createPupil(director(), uai, "LAMBERT", "Jade", "2019-07-14", "CP").get("accountId").asText();
        String createdAt = director().get("/api/accounts/" + id + "/history").json().get(0).get("at").asText();
        Api.Response moved = director().patch("/api/accounts/" + id,
                Map.of("classGroup", "CE1 B", "level", "CE1", "reason", "passage anticipé"), Map.of());
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

        browser.go("/schools/" + uai + "/accounts?asOf=" + createdAt);
        browser.waitForText("Vue du passé, en lecture seule.");
        assertThat(rows()).singleElement().asString().contains("LAMBERT", "CP A").doesNotContain("CE1 B");
        assertThat(browser.text()).doesNotContain("Nouveau compte");

        browser.go("/schools/" + uai + "/accounts");
        assertThat(rows()).singleElement().asString().contains("CE1 B");
        date("Comptes à la date du", LocalDate.now(ZoneId.of("Europe/Paris")).minusDays(1) + "T23:59");
        browser.click("Filtrer");
        browser.waitForText("Vue du passé, en lecture seule.");
        assertThat(browser.text()).contains("L’école n’avait aucun compte à cette date.");

        browser.go("/schools/" + uai + "/accounts?asOf=hier");
        assertThat(browser.textOf(By.id("asOf-erreur"))).contains("La date n’est pas valide");
        assertThat(rows()).singleElement().asString().contains("CE1 B");
    }

    @Test
    void names_that_try_injections_are_shown_as_plain_text() {
        schoolWithDirector("École des Injections");
        Api.Response upload = director().upload("/api/schools/" + uai + "/imports", "injection.csv",
                Fixtures.be1d("bad/injection-attempts.csv"));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        List<Integer> problemLines = new ArrayList<>();
        upload.json().get("problems").forEach(p -> problemLines.add(p.get("line").asInt()));
        Api.Response applied = director().post("/api/imports/" + upload.json().get("importId").asText() + "/apply",
                Map.of("excludeLines", problemLines.stream().distinct().toList()));
        assertThat(applied.status()).as(applied.toString()).isIn(200, 202);
        JsonNode script = account("<script>alert(1)</script>", "Noé");

        browser.go("/schools/" + uai + "/accounts");
        director().get("/api/schools/" + uai + "/accounts").json()
                .forEach(a -> assertThat(browser.text()).contains(a.get("lastName").asText(), a.get("firstName").asText()));
        assertThat(browser.text()).contains("<script>alert(1)</script>", "=HYPERLINK(\"http://x\")");
        assertThat(browser.all(By.cssSelector("main script"))).isEmpty();

        browser.go("/accounts/" + script.get("accountId").asText());
        assertThat(browser.heading()).contains("<script>alert(1)</script>");
        assertThat(browser.all(By.cssSelector("main script"))).isEmpty();
        assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void an_inspector_reads_the_pages_without_any_write_action_and_a_posted_form_is_refused() {
        uai = registerSchool("École de l’Inspection");
        director = createUser("DIRECTOR", uai);
        String id = createPupil(director(), uai, "MOREL", "Hugo", "2018-02-02", "CE2").get("accountId").asText();
        signedIn(browser.signIn(createUser("INSPECTOR", uai), PASSWORD));

        browser.go("/schools/" + uai + "/accounts");
        assertThat(rows()).singleElement().asString().contains("MOREL");
        assertThat(browser.text()).doesNotContain("Nouveau compte");
        browser.go("/accounts/" + id);
        assertThat(browser.text()).contains("Historique du compte", "Création du compte")
                .doesNotContain("Suspendre", "Changer de classe", "Corriger les noms", "Nouveau mot de passe");

        browser.go("/accounts/" + id + "/suspend");
        assertThat(browser.heading()).isEqualTo("Accès refusé");

        // a form posted anyway, with a valid CSRF token of the inspector's session
        browser.go("/accounts/" + id);
        ((JavascriptExecutor) browser.driver()).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/accounts/' + arguments[0] + '/suspend';
                for (const [name, value] of [['_csrf', document.querySelector('meta[name=_csrf]').content],
                                             ['reason', 'essai'], ['version', '1']]) {
                  const input = document.createElement('input');
                  input.type = 'hidden'; input.name = name; input.value = value;
                  form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();""", id);
        browser.waitForText("Accès refusé");
        assertThat(director().get("/api/accounts/" + id).json().get("status").asText()).isEqualTo("ACTIVE");
    }
}
