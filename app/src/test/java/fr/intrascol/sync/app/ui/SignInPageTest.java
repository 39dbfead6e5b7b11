package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.app.support.BrowserTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in through the page, in French, and where each role lands afterwards. */
class SignInPageTest extends BrowserTest {

    @Test
    void a_wrong_password_is_refused_in_french_and_the_user_name_is_kept() {
        browser.go("/schools");
        assertThat(browser.path()).startsWith("/login");
        browser.field("Nom d’utilisateur").sendKeys("admin");
        browser.field("Mot de passe").sendKeys("not-the-password");
        browser.click("Se connecter");
        browser.waitForText("Nom d’utilisateur ou mot de passe incorrect");
        assertThat(browser.heading()).isEqualTo("Connexion");
        assertThat(browser.field("Nom d’utilisateur").getDomProperty("value")).isEqualTo("admin");
        assertThat(browser.field("Mot de passe").getDomProperty("value")).isEmpty();
    }

    @Test
    void the_ict_staff_land_on_the_schools_and_can_sign_out() {
        browser.signIn("admin", ADMIN_PASSWORD);
        assertThat(browser.path()).isEqualTo("/schools");
        browser.click("Se déconnecter");
        browser.waitForText("Vous êtes déconnecté");
        browser.go("/schools");
        assertThat(browser.path()).startsWith("/login");
    }

    @Test
    void a_director_lands_on_their_school() {
        String uai = registerSchool("École du Port");
        String director = createUser("DIRECTOR", uai);
        browser.signIn(director, PASSWORD);
        assertThat(browser.path()).isEqualTo("/schools/" + uai);
    }

    @Test
    void an_inspector_lands_on_the_reports() {
        String uai = registerSchool("École des Dunes");
        String inspector = createUser("INSPECTOR", uai);
        browser.signIn(inspector, PASSWORD);
        assertThat(browser.path()).isEqualTo("/reports");
    }
}
