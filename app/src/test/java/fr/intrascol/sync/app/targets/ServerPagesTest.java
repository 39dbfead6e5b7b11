package fr.intrascol.sync.app.targets;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import fr.intrascol.sync.app.support.BrowserTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.testsupport.InMemoryDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A school's IntraScol server page: configuration, live status, drift and repair, replay, and who may do what. */
class ServerPagesTest extends BrowserTest {

    private static final String BIND_PASSWORD = "bind-secret-page-4711";

    @Autowired
    JdbcClient jdbc;

    private InMemoryDirectoryServer ldap;

    @AfterEach
    void stopLdap() {
        if (ldap != null) {
            ldap.shutDown(true);
        }
    }

    @Test
    void a_users_file_is_configured_followed_live_compared_repaired_and_replayed_after_a_confirmation()
            throws Exception {
        String uai = registerSchool("École des Embruns");
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/schools/" + uai + "/server");
        assertThat(browser.text()).contains("Non configuré");
        browser.tick("Fichier d’import");
        browser.field("Dossier du fichier").sendKeys("embruns-" + uai);
        browser.click("Enregistrer la configuration");
        browser.waitForText("Configuration enregistrée : le dossier est accessible en écriture.");

        // an import made elsewhere shows in the panel without reloading the page
        assertThat(text("envois")).isEqualTo("0");
        Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv");
        Schools.awaitPushed(admin(), uai);
        browser.waitForText("À jour", Duration.ofSeconds(15));
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                .until(d -> !text("envois").equals("0"));
        assertThat(text("retard")).isEqualTo("aucun");
        browser.screenshot("ServerPagesTest-status");
        assertThat(text("dernier-envoi")).matches("\\d{1,2}(er)? \\p{L}+ \\d{4} à \\d{2}:\\d{2}");

        // someone edits the users file by hand
        Path file = Path.of(jdbc.sql("SELECT directory FROM school_target WHERE uai = ?").param(uai)
                .query(String.class).single()).resolve(uai + ".csv");
        List<String> lines = Files.readAllLines(file);
        String[] first = lines.get(1).split(";", -1);
        String login = first[0];
        String firstName = first[5];
        first[5] = "Changé";
        lines.set(1, String.join(";", first));
        Files.write(file, lines);

        browser.go("/schools/" + uai + "/server");
        browser.click("Comparer avec le serveur");
        browser.waitForText("Réparer les écarts");
        browser.screenshot("ServerPagesTest-drift");
        String report = browser.text();
        assertThat(report).contains("Différents (1)", "Compte « " + login + " »", "Prénom", firstName, "Changé")
                .doesNotContain("{CRYPT}");
        browser.click("Réparer les écarts");
        browser.waitForText("Écarts réparés le");
        assertThat(browser.text()).contains("1 entrée écrite sur le serveur (aucun ajout, 1 modification, aucune"
                + " suppression)", "Aucun écart").doesNotContain("(s)");
        assertThat(Files.readString(file)).doesNotContain("Changé");

        // the replay asks first
        browser.go("/schools/" + uai + "/server");
        browser.click("Rejouer tout l’historique");
        browser.waitForText("Ce que fait le rejeu");
        String replayedBefore = admin().get("/api/schools/" + uai + "/target/status").json().get("lastReplayAt").asText();
        var confirm = browser.field("J’ai compris : le serveur sera remis à l’image exacte des comptes de l’école");
        browser.click("Rejouer maintenant");
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        assertThat(js.executeScript("return arguments[0].validity.valueMissing", confirm)).isEqualTo(true);
        // the server asks too, should the browser not
        js.executeScript("arguments[0].removeAttribute('required')", confirm);
        browser.click("Rejouer maintenant");
        browser.waitForText("Cochez la case pour confirmer");
        browser.screenshot("ServerPagesTest-replay-confirmation");
        assertThat(browser.path()).isEqualTo("/schools/" + uai + "/server/replay");
        assertThat(admin().get("/api/schools/" + uai + "/target/status").json().get("lastReplayAt").asText())
                .as("nothing replayed without the confirmation").isEqualTo(replayedBefore);
        Files.delete(file);
        browser.tick("J’ai compris : le serveur sera remis à l’image exacte des comptes de l’école");
        browser.click("Rejouer maintenant");
        browser.waitForText("Historique rejoué le");
        assertThat(browser.path()).isEqualTo("/schools/" + uai + "/server");
        assertThat(Files.readString(file)).contains(login);
        // what the replay wrote, not only the pushes that followed events
        int written = Files.readAllLines(file).size() - 1;
        assertThat(text("derniere-reparation")).matches(written + " entrées écrites, le \\d{1,2}(er)? \\p{L}+ \\d{4} à"
                + " \\d{2}:\\d{2} par admin");
        assertThat(browser.text()).contains(written + " entrées écrites sur le serveur (" + written + " ajouts,");
    }

    /**
     * A server that does not answer when its configuration is saved: « injoignable » with the reason in French,
     * then « Jamais contacté » (never « À jour » in green), on its page, the school's home and the list. Once
     * changes wait for it, a director reads why in French and never the server's own (English) words.
     */
    @Test
    void a_server_that_never_answered_is_not_up_to_date_and_directors_read_why_in_french() {
        String uai = registerSchool("École des Bécasseaux");
        String director = createUser("DIRECTOR", uai);
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/schools/" + uai + "/server");
        browser.tick("Annuaire LDAP");
        browser.field("Adresse du serveur").sendKeys("ldap://127.0.0.1:1");
        browser.field("Base de l’annuaire").sendKeys("dc=becasseaux,dc=test");
        browser.click("Enregistrer la configuration");
        browser.waitForText("Configuration enregistrée, mais le serveur est injoignable : Le serveur ne répond pas");
        assertThat(browser.textOf(By.cssSelector("#etat-serveur .badge"))).isEqualTo("Jamais contacté");
        assertThat(browser.textOf(By.id("etat-serveur"))).doesNotContain("À jour")
                .contains("Aucun envoi n’a encore atteint ce serveur depuis que sa configuration a été enregistrée");
        browser.screenshot("ServerPagesTest-never-contacted");
        browser.go("/schools?q=" + uai);
        assertThat(browser.textOf(By.cssSelector("table.schools tbody"))).contains("Jamais contacté")
                .doesNotContain("À jour");

        createPupil(admin(), uai, "ATTENTE", "Léon", "2019-04-05", "CP");
        browser.go("/schools/" + uai + "/server");
        browser.waitForText("1 changement en attente", Duration.ofSeconds(30));
        assertThat(browser.textOf(By.id("raison"))).isEqualTo("Le serveur ne répond pas : il est éteint, débranché du"
                + " réseau, ou son adresse est erronée.");
        assertThat(browser.all(By.xpath("//summary[normalize-space(.)='Détail technique (pour l’équipe TICE)']")))
                .as("the ICT staff may open the server's own words").isNotEmpty();

        browser.driver().manage().deleteAllCookies();
        browser.signIn(director, PASSWORD);
        browser.go("/schools/" + uai + "/server");
        browser.waitForText("1 changement en attente", Duration.ofSeconds(30));
        String page = browser.text() + browser.driver().getPageSource();
        assertThat(page).contains("Le serveur ne répond pas : il est éteint").doesNotContain("Détail technique",
                "cannot be reached", "LDAPException");
        browser.go("/schools/" + uai);
        assertThat(browser.textOf(By.cssSelector(".server-line"))).doesNotContain("À jour");
    }

    @Test
    void an_ldap_password_is_never_shown_back_an_empty_field_keeps_it_and_a_server_down_shows_what_waits() throws Exception {
        String uai = registerSchool("École des Goélands");
        String base = "dc=goelands,dc=test";
        ldap = directory(base);
        browser.signIn("admin", ADMIN_PASSWORD);
        browser.go("/schools/" + uai + "/server");
        browser.tick("Annuaire LDAP");
        browser.field("Adresse du serveur").sendKeys("http://127.0.0.1:" + ldap.getListenPort());
        browser.field("Compte de connexion").sendKeys("cn=admin," + base);
        browser.field("Mot de passe du compte de connexion").sendKeys(BIND_PASSWORD);
        browser.field("Base de l’annuaire").sendKeys(base);
        browser.click("Enregistrer la configuration");
        browser.waitForText("L’adresse du serveur doit commencer par ldap:// ou ldaps://");
        assertThat(browser.field("Base de l’annuaire").getDomProperty("value")).isEqualTo(base);
        browser.screenshot("ServerPagesTest-ldap-refused");
        assertThat(browser.field("Mot de passe du compte de connexion").getDomProperty("value")).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(BIND_PASSWORD);

        browser.field("Adresse du serveur").clear();
        browser.field("Adresse du serveur").sendKeys("ldap://127.0.0.1:" + ldap.getListenPort());
        browser.field("Mot de passe du compte de connexion").sendKeys(BIND_PASSWORD);
        browser.click("Enregistrer la configuration");
        browser.waitForText("le serveur a répondu et contient la base de l’annuaire");
        assertThat(browser.text()).contains("Mot de passe enregistré.");
        assertThat(browser.field("Mot de passe du compte de connexion").getDomProperty("value")).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(BIND_PASSWORD);

        // saved again without typing it: the stored password still binds
        browser.click("Enregistrer la configuration");
        browser.waitForText("le serveur a répondu et contient la base de l’annuaire");
        assertThat(browser.driver().getPageSource()).doesNotContain(BIND_PASSWORD);

        // the server goes down: the change waits, the page and the list of schools say so
        ldap.shutDown(true);
        createPupil(admin(), uai, "ATTENTE", "Alix", "2019-02-03", "CP");
        browser.waitForText("1 changement en attente", Duration.ofSeconds(30));
        assertThat(browser.text()).contains("Dernière erreur", "Réessayer maintenant");
        browser.click("Réessayer maintenant");
        browser.waitForText("Le serveur ne répond toujours pas");
        browser.go("/schools?q=" + uai);
        assertThat(browser.text()).contains("École des Goélands", "1 changement en attente");
    }

    @Test
    void a_director_sees_the_status_but_cannot_change_the_configuration() {
        String uai = registerSchool("École des Cormorans");
        String director = createUser("DIRECTOR", uai);
        browser.signIn(director, PASSWORD);
        browser.go("/schools/" + uai + "/server");
        assertThat(browser.text()).contains("État des envois", "Non configuré", "C’est l’équipe TICE qui le configure");
        assertThat(browser.all(By.xpath("//button[normalize-space(.)='Enregistrer la configuration']"))).isEmpty();
        assertThat(browser.all(By.id("password"))).isEmpty();

        // the same POST the form would send, with a valid CSRF token: refused because of the role
        long status = (Long) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var headers = {'Content-Type': 'application/x-www-form-urlencoded'};
                headers[document.querySelector('meta[name=_csrf_header]').content] =
                    document.querySelector('meta[name=_csrf]').content;
                fetch(arguments[0], {method: 'POST', headers: headers, body: 'type=FILE&directory=pirate',
                                     redirect: 'manual'}).then(function (r) { done(r.status); });""",
                "/schools/" + uai + "/server");
        assertThat(status).isEqualTo(403);
        assertThat(admin().get("/api/schools/" + uai + "/target").status()).isEqualTo(404);
    }

    private String text(String id) {
        return browser.textOf(By.id(id));
    }

    private static InMemoryDirectoryServer directory(String base) throws Exception {
        return InMemoryDirectory.start(base, BIND_PASSWORD, 0, false);
    }
}
