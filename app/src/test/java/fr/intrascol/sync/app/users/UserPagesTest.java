package fr.intrascol.sync.app.users;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.Browser;
import fr.intrascol.sync.app.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The administrators' user pages and « Mon compte », driven in a browser. */
class UserPagesTest extends BrowserTest {

    private static final String INITIAL = "mot-de-passe-initial-42";
    private static final String CHOSEN = "ma phrase de passe secrète";

    /** Waits until the sign-in has gone through (the next page is no longer the sign-in form). */
    private static void signedIn(Browser browser) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> !browser.path().startsWith("/login"));
    }

    private void type(Browser in, String label, String text) {
        WebElement field = in.field(label);
        field.clear();
        field.sendKeys(text);
    }

    private void signInAsAdmin() {
        signedIn(browser.signIn("admin", ADMIN_PASSWORD));
    }

    /** Creates a user in the page; the user page shows afterwards. */
    private void createInPage(String username, String password, String role, String uai) {
        browser.go("/admin/utilisateurs");
        browser.click("Nouvel utilisateur");
        type(browser, "Nom d’utilisateur", username);
        type(browser, "Mot de passe initial", password);
        browser.tick(role);
        type(browser, "Écoles (UAI)", uai);
        browser.click("Créer l’utilisateur");
        browser.waitForText("L’utilisateur " + username + " a été créé.");
    }

    private Api.Response bearer(String token, String path) {
        return anonymous().send("GET", path, null, Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void an_admin_creates_a_director_who_changes_the_password_then_is_disabled() {
        String uai = registerSchool("École des Utilisateurs");
        String director = "dir-" + uai.toLowerCase();
        signInAsAdmin();

        // a refusal comes back in French, with what was typed
        browser.go("/admin/utilisateurs");
        assertThat(browser.heading()).isEqualTo("Utilisateurs");
        assertThat(browser.text()).contains("admin", "Administrateur");
        browser.click("Nouvel utilisateur");
        type(browser, "Nom d’utilisateur", director);
        type(browser, "Mot de passe initial", INITIAL);
        type(browser, "Écoles (UAI)", uai);
        browser.click("Créer l’utilisateur");
        browser.waitForText("Choisissez au moins un rôle");
        assertThat(browser.field("Nom d’utilisateur").getDomProperty("value")).isEqualTo(director);
        assertThat(browser.field("Écoles (UAI)").getDomProperty("value")).isEqualTo(uai);
        assertThat(browser.text()).doesNotContain("ADMIN, DIRECTOR", "roles");
        browser.screenshot(getClass().getSimpleName() + "-nouvel-utilisateur-refuse");

        type(browser, "Mot de passe initial", INITIAL);
        browser.tick("Directeur");
        browser.click("Créer l’utilisateur");
        browser.waitForText("L’utilisateur " + director + " a été créé.");
        assertThat(browser.path()).isEqualTo("/admin/utilisateurs/" + director);
        assertThat(browser.text()).contains("Directeur", "École des Utilisateurs", uai, "Actif")
                .doesNotContain(INITIAL);
        browser.go("/admin/utilisateurs");
        assertThat(browser.textOf(By.xpath("//tr[td/a[normalize-space(.)='" + director + "']]")))
                .contains("Directeur", "École des Utilisateurs", uai, "Actif");

        // the director signs in with the initial password and must change it first
        try (Browser other = Browser.open(port)) {
            signedIn(other.signIn(director, INITIAL));
            assertThat(other.path()).isEqualTo("/mon-compte");
            assertThat(other.text()).contains("Changez votre mot de passe pour continuer.");
            other.go("/schools/" + uai);
            assertThat(other.path()).isEqualTo("/mon-compte");

            type(other, "Mot de passe actuel", INITIAL);
            type(other, "Nouveau mot de passe", CHOSEN);
            type(other, "Confirmation du nouveau mot de passe", CHOSEN + " autre");
            other.click("Changer mon mot de passe");
            other.waitForText("La confirmation ne correspond pas au nouveau mot de passe");

            type(other, "Mot de passe actuel", INITIAL);
            type(other, "Nouveau mot de passe", "court");
            type(other, "Confirmation du nouveau mot de passe", "court");
            other.click("Changer mon mot de passe");
            other.waitForText("Le mot de passe doit comporter au moins 12 caractères");

            type(other, "Mot de passe actuel", INITIAL);
            type(other, "Nouveau mot de passe", CHOSEN);
            type(other, "Confirmation du nouveau mot de passe", CHOSEN);
            other.click("Changer mon mot de passe");
            other.waitForText("Votre mot de passe a été changé.");
            assertThat(other.text()).doesNotContain("Changez votre mot de passe pour continuer.");
            other.go("/");
            new WebDriverWait(other.driver(), Duration.ofSeconds(10)).until(d -> other.path().equals("/schools/" + uai));
            assertThat(other.text()).contains("École des Utilisateurs");
            assertThat(Api.at(port, director, CHOSEN).get("/api/schools/" + uai).status()).isEqualTo(200);
            assertThat(Api.at(port, director, INITIAL).get("/api/schools/" + uai).status()).isEqualTo(401);

            // the director may not manage users
            other.go("/admin/utilisateurs");
            assertThat(other.heading()).isEqualTo("Accès refusé");

            // the admin disables the director: their next request is refused
            browser.go("/admin/utilisateurs/" + director);
            browser.click("Désactiver");
            browser.waitForText(director + " est désactivé");
            assertThat(browser.text()).contains("Désactivé", "Réactiver");
            other.go("/schools/" + uai);
            new WebDriverWait(other.driver(), Duration.ofSeconds(10)).until(d -> other.path().startsWith("/login"));
            assertThat(Api.at(port, director, CHOSEN).get("/api/schools/" + uai).status()).isEqualTo(401);
        }

        // the journal lists what the admin did
        browser.go("/admin/utilisateurs/journal");
        assertThat(browser.heading()).isEqualTo("Journal des utilisateurs");
        assertThat(browser.text()).contains(director, "Création de l’utilisateur", "Désactivation");
        browser.go("/admin/utilisateurs/journal?utilisateur=" + director);
        assertThat(browser.all(By.cssSelector("table.journal tbody tr"))).extracting(WebElement::getText)
                .hasSize(3).allMatch(line -> line.contains(director))
                .anyMatch(line -> line.contains("Mot de passe changé par la personne"))
                .anyMatch(line -> line.contains("Création de l’utilisateur") && line.contains("Directeur")
                        && line.contains(uai));
        assertThat(browser.text()).doesNotContain(INITIAL, CHOSEN, "user.audit");
    }

    @Test
    void an_admin_issues_an_api_token_shown_once_then_revokes_it() {
        String uai = registerSchool("École des Jetons");
        String director = "jet-" + uai.toLowerCase();
        // a user who must change their password gets nothing from the API: this one chose theirs already
        Api.Response created = admin().post("/api/users", Map.of("username", director, "password", INITIAL,
                "roles", List.of("DIRECTOR"), "schools", List.of(uai), "mustChangePassword", false));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        signInAsAdmin();
        browser.go("/admin/utilisateurs/" + director);
        assertThat(browser.text()).contains("Aucun jeton.");
        browser.click("Créer un jeton");
        browser.waitForText("Donnez un libellé au jeton");

        type(browser, "Libellé du jeton", "script de sauvegarde");
        browser.click("Créer un jeton");
        browser.waitForText("affiché une seule fois");
        String token = browser.textOf(By.cssSelector("code.secret.token")).strip();
        assertThat(token).isNotBlank();
        assertThat(browser.textOf(By.cssSelector("table.tokens"))).contains("script de sauvegarde", "jamais");

        Api.Response schools = bearer(token, "/api/schools");
        assertThat(schools.status()).as(schools.toString()).isEqualTo(200);
        assertThat(schools.body()).contains(uai);

        browser.go("/admin/utilisateurs/" + director);
        assertThat(browser.text()).doesNotContain(token).contains("script de sauvegarde");
        assertThat(browser.textOf(By.cssSelector("table.tokens"))).doesNotContain("jamais");
        browser.click("Révoquer");
        browser.waitForText("Le jeton « script de sauvegarde » a été révoqué");
        assertThat(bearer(token, "/api/schools").status()).isEqualTo(401);

        browser.go("/admin/utilisateurs/journal");
        assertThat(browser.text()).contains(director, "Création d’un jeton", "Révocation d’un jeton");
    }

    @Test
    void a_reset_password_is_shown_once_and_must_be_changed() {
        String uai = registerSchool("École des Oublis");
        String director = "oub-" + uai.toLowerCase();
        signInAsAdmin();
        createInPage(director, INITIAL, "Directeur", uai);

        browser.click("Changer le mot de passe");
        browser.waitForText("Le mot de passe de " + director + " a été changé.");
        String password = browser.textOf(By.cssSelector("#nouveau-mot-de-passe code.secret")).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(10);
        browser.go("/admin/utilisateurs/" + director);
        assertThat(browser.text()).doesNotContain(password);
        assertThat(Api.at(port, director, INITIAL).get("/api/me").status()).isEqualTo(401);

        // a typed one that breaks the policy is refused in French
        type(browser, "Nouveau mot de passe (facultatif)", "court");
        browser.click("Changer le mot de passe");
        browser.waitForText("Le mot de passe doit comporter au moins 12 caractères");

        try (Browser other = Browser.open(port)) {
            signedIn(other.signIn(director, password));
            assertThat(other.path()).isEqualTo("/mon-compte");
            assertThat(other.text()).contains("Changez votre mot de passe pour continuer.");
            other.screenshot(getClass().getSimpleName() + "-mon-compte-obligatoire");
        }
    }

    @Test
    void an_admin_cannot_disable_themself_and_roles_are_in_french() {
        signInAsAdmin();
        browser.go("/admin/utilisateurs/admin");
        assertThat(browser.text()).contains("Administrateur", "Vous ne pouvez pas vous désactiver vous-même")
                .doesNotContain("ADMIN");
        assertThat(browser.all(By.xpath("//button[normalize-space(.)='Désactiver']"))).isEmpty();
        browser.tick("Administrateur");
        browser.click("Enregistrer les rôles et les écoles");
        browser.waitForText("Vous ne pouvez pas retirer vos propres droits d’administrateur");
        browser.go("/mon-compte");
        assertThat(browser.heading()).isEqualTo("Mon compte");
        assertThat(browser.text()).doesNotContain("Changez votre mot de passe pour continuer.");
    }
}
