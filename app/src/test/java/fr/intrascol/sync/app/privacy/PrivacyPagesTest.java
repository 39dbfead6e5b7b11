package fr.intrascol.sync.app.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.Browser;
import fr.intrascol.sync.app.support.BrowserTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy pages in a browser: a director erases a suspended pupil from the account page (reason and
 * confirmation required), the personal-data export as a French PDF, and the administrators' retention page.
 */
class PrivacyPagesTest extends BrowserTest {

    private static final String CONFIRMATION = "Je confirme l’effacement définitif : les noms, la date de naissance,"
            + " l’INE et l’identifiant de cet élève seront illisibles pour toujours";

    /** Waits until the sign-in has gone through (the next page is no longer the sign-in form). */
    private static Browser signedIn(Browser browser) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> !browser.path().startsWith("/login"));
        return browser;
    }

    private void suspend(String accountId) {
        Api.Response suspended = admin().patch("/api/accounts/" + accountId,
                Map.of("status", "SUSPENDED", "reason", "a quitté l'école"), Map.of());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
    }

    private JsonNode account(String id) {
        return admin().get("/api/accounts/" + id).json();
    }

    private void type(String label, String text) {
        WebElement field = browser.field(label);
        field.clear();
        field.sendKeys(text);
    }

    /** A GET with the browser's session (its cookies), not following redirects: status, headers and bytes. */
    private HttpResponse<byte[]> fetch(Browser as, String path) throws IOException, InterruptedException {
        String cookies = as.driver().manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Cookie", cookies).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Posts a form to {@code path} with the page's CSRF token, as a hand-made form would. */
    private static void postForm(Browser as, String path, Map<String, String> fields) {
        ((JavascriptExecutor) as.driver()).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                const fields = Object.assign({_csrf: document.querySelector('meta[name=_csrf]').content}, arguments[1]);
                for (const [name, value] of Object.entries(fields)) {
                  const input = document.createElement('input');
                  input.type = 'hidden'; input.name = name; input.value = value;
                  form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();""", path, fields);
    }

    @Test
    void a_director_erases_a_suspended_pupil_with_a_reason_and_a_confirmation_but_never_an_active_one() {
        String uai = registerSchool("École des Effacements");
        String director = createUser("DIRECTOR", uai);
        String id = createPupil(admin(), uai, "BERTRAND", "Maëlys", "2017-04-12", "CM1").get("accountId").asText();
        String active = createPupil(admin(), uai, "FONTAINE", "Jules", "2017-06-01", "CM1").get("accountId").asText();
        suspend(id);
        signedIn(browser.signIn(director, PASSWORD));

        // an active pupil: no erasure for a director, and a form posted anyway is refused
        browser.go("/accounts/" + active);
        assertThat(browser.text()).contains("Jules", "Exporter les données personnelles (PDF)")
                .doesNotContain("Effacer les données personnelles", "Effacer définitivement");
        postForm(browser, "/accounts/" + active + "/effacer", Map.of("reason", "essai", "confirm", "true"));
        browser.waitForText("Accès refusé");
        assertThat(account(active).get("status").asText()).isEqualTo("ACTIVE");

        browser.go("/accounts/" + id);
        assertThat(browser.heading()).contains("Maëlys", "Suspendu");
        assertThat(browser.textOf(By.id("effacer"))).contains("Effacer les données personnelles",
                "sera effacé automatiquement").doesNotContain("effacer quand même");

        // no reason: refused in French beside the field, nothing erased
        browser.tick(CONFIRMATION);
        browser.click("Effacer définitivement");
        browser.waitForText("Indiquez pourquoi les données de cette personne sont effacées");
        assertThat(browser.textOf(By.id("erase-reason-erreur"))).contains("Indiquez pourquoi");
        assertThat(browser.text()).contains("Rien n’a été effacé.");
        assertThat(account(id).get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(account(id).get("lastName").asText()).isEqualTo("BERTRAND");

        // a reason but no confirmation: refused, the reason kept as typed
        type("Motif de l’effacement", "Départ de l’école en juin, demande des parents");
        browser.click("Effacer définitivement");
        browser.waitForText("Cochez la confirmation");
        assertThat(browser.textOf(By.id("erase-confirm-erreur"))).contains("l’effacement est définitif");
        assertThat(browser.field("Motif de l’effacement").getDomProperty("value"))
                .isEqualTo("Départ de l’école en juin, demande des parents");
        assertThat(browser.field(CONFIRMATION).isSelected()).isFalse();
        assertThat(account(id).get("status").asText()).isEqualTo("SUSPENDED");
        ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('effacer').scrollIntoView()");
        browser.screenshot(getClass().getSimpleName() + "-erase-refused");

        browser.tick(CONFIRMATION);
        browser.click("Effacer définitivement");
        browser.waitForText("Données effacées");
        assertThat(browser.textOf(By.id("donnees-effacees"))).contains("par " + director, "Saisie à l’écran",
                "Motif : « Départ de l’école en juin, demande des parents »");
        assertThat(browser.heading()).contains("[effacé]", "Fermé");
        assertThat(browser.textOf(By.cssSelector(".identity-card"))).contains("[effacé]")
                .doesNotContain("BERTRAND", "Maëlys", "12/04/2017");
        assertThat(browser.text()).doesNotContain("Effacer définitivement", "Corriger les noms", "Changer de classe",
                "Réactiver");
        assertThat(browser.all(By.cssSelector(".timeline > li")).get(0).getText())
                .contains("Effacement des données personnelles", "Par " + director, "Données personnelles : [effacé]",
                        "Statut : Fermé", "Départ de l’école en juin, demande des parents");
        assertThat(browser.textOf(By.cssSelector(".timeline"))).doesNotContain("BERTRAND", "Maëlys")
                .doesNotContain("AccountErased", "personalData", "ERASED");
        JsonNode erased = account(id);
        assertThat(erased.get("status").asText()).isEqualTo("ERASED");
        assertThat(erased.get("lastName").asText()).isEqualTo("[effacé]");

        // the school's history shows the erasure, who and why, never the pupil
        browser.go("/schools/" + uai + "/reports");
        String changes = browser.textOf(By.cssSelector("table.changes"));
        assertThat(changes).contains("données effacées", "Effacement des données personnelles", director,
                "Départ de l’école en juin, demande des parents").doesNotContain("BERTRAND", "Maëlys");

        // the list of the school's erased accounts
        browser.go("/schools/" + uai + "/accounts?status=ERASED");
        assertThat(browser.textOf(By.cssSelector("table.accounts tbody"))).contains("[effacé]", "Fermé")
                .doesNotContain("BERTRAND");
        browser.go("/accounts/" + id);
        browser.waitForText("Données effacées");
    }

    @Test
    void an_admin_erases_an_active_account_only_by_ticking_that_it_is_still_active() {
        String uai = registerSchool("École des Effacements forcés");
        String id = createPupil(admin(), uai, "CARRÉ", "Noé", "2018-01-20", "CE1").get("accountId").asText();
        signedIn(browser.signIn("admin", ADMIN_PASSWORD));
        browser.go("/accounts/" + id);
        assertThat(browser.textOf(By.id("effacer"))).contains("encore actif");

        type("Motif de l’effacement", "Demande d’effacement des parents (RGPD)");
        browser.tick(CONFIRMATION);
        browser.click("Effacer définitivement");
        browser.waitForText("est encore actif");
        assertThat(browser.field("Motif de l’effacement").getDomProperty("value"))
                .isEqualTo("Demande d’effacement des parents (RGPD)");
        assertThat(account(id).get("status").asText()).isEqualTo("ACTIVE");

        browser.tick("Compte encore actif : effacer quand même");
        browser.tick(CONFIRMATION);
        browser.click("Effacer définitivement");
        browser.waitForText("Données effacées");
        assertThat(browser.textOf(By.id("donnees-effacees"))).contains("par admin",
                "Demande d’effacement des parents (RGPD)");
        assertThat(account(id).get("lastName").asText()).isEqualTo("[effacé]");
    }

    @Test
    void the_personal_data_export_is_a_french_pdf_for_the_director_and_refused_to_an_inspector() throws Exception {
        String uai = registerSchool("École des Exports");
        String director = createUser("DIRECTOR", uai);
        String id = createPupil(admin(), uai, "GIRAUD", "Anaëlle", "2016-09-30", "CM2").get("accountId").asText();
        Api.Response moved = admin().patch("/api/accounts/" + id, Map.of("classGroup", "CM2 B", "reason",
                "classe dédoublée"), Map.of());
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        String login = account(id).get("login").asText();
        signedIn(browser.signIn(director, PASSWORD));

        browser.go("/accounts/" + id);
        browser.click("Exporter les données personnelles (PDF)");
        Path pdf = browser.download(".pdf");
        assertThat(pdf.getFileName().toString()).isEqualTo("donnees-personnelles-" + login + ".pdf");
        String text;
        try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf))) {
            text = new PDFTextStripper().getText(document);
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Données personnelles détenues");
        }
        assertThat(text).contains("Données personnelles détenues", "Anaëlle", "GIRAUD", "École des Exports",
                "Date de naissance", "30/09/2016", "Classe", "CM2 B", "Création du compte", "Changement de classe",
                "Saisie à l’écran", "classe dédoublée", "CM2 A -> CM2 B", "Ce que contient le serveur IntraScol",
                "90 jours").doesNotContain("classGroup", "AccountCreated", "MANUAL");

        HttpResponse<byte[]> response = fetch(browser, "/accounts/" + id + "/donnees-personnelles.pdf");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(response.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment").contains("donnees-personnelles-" + login + ".pdf");
        assertThat(new String(response.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        try (Browser inspector = Browser.open(port)) {
            signedIn(inspector.signIn(createUser("INSPECTOR", uai), PASSWORD));
            inspector.go("/accounts/" + id);
            assertThat(inspector.text()).contains("Historique du compte")
                    .doesNotContain("Exporter les données personnelles", "Effacer les données personnelles");
            assertThat(fetch(inspector, "/accounts/" + id + "/donnees-personnelles.pdf").statusCode()).isEqualTo(403);
            inspector.go("/accounts/" + id + "/donnees-personnelles.pdf");
            assertThat(inspector.heading()).isEqualTo("Accès refusé");
        }
    }

    @Test
    void the_admin_sees_the_retention_periods_and_runs_the_rule_now_which_a_director_cannot() throws Exception {
        signedIn(browser.signIn("admin", ADMIN_PASSWORD));
        browser.click("Conservation des données");
        browser.waitForText("Les comptes suspendus depuis plus de 3 mois sont effacés automatiquement");
        assertThat(browser.path()).isEqualTo("/admin/conservation");
        assertThat(browser.text()).contains("90 jours", "P90D",
                "Les plans d’import non appliqués sont abandonnés après 7 jours", "chaque heure");

        browser.click("Lancer maintenant");
        browser.waitFor(By.cssSelector(".alert.success"));
        assertThat(browser.textOf(By.cssSelector(".alert.success")))
                .matches("(?s)(Aucun compte effacé|1 compte effacé|\\d+ comptes effacés), (aucun plan abandonné|1 plan"
                        + " abandonné|\\d+ plans abandonnés).*Règle appliquée le .*");

        String uai = registerSchool("École sans conservation");
        try (Browser director = Browser.open(port)) {
            signedIn(director.signIn(createUser("DIRECTOR", uai), PASSWORD));
            assertThat(director.text()).doesNotContain("Conservation des données");
            assertThat(fetch(director, "/admin/conservation").statusCode()).isEqualTo(403);
            director.go("/admin/conservation");
            assertThat(director.heading()).isEqualTo("Accès refusé");
            assertThat(director.text()).doesNotContain("Lancer maintenant");
        }
    }
}
