package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages that lead nowhere keep the signed-in user's menu and say what happened in French; an address naming a
 * school that does not exist is « École introuvable » (404), on the pages and in the API; the site's icon is
 * served.
 */
class ErrorPagesTest extends BrowserTest {

    @Test
    void an_address_that_leads_nowhere_keeps_the_menu() {
        String uai = registerSchool("École du Chemin Perdu");
        String director = createUser("DIRECTOR", uai);
        PageChecks.recordConsoleErrors(browser);
        browser.signIn(director, PASSWORD);

        browser.go("/nulle-part/ici");
        assertThat(browser.heading()).isEqualTo("Page introuvable");
        assertThat(browser.driver().findElement(By.cssSelector("header.top")).getText())
                .contains(director, "Mon école", "Se déconnecter");
        assertThat(PageChecks.status(browser, "/nulle-part/ici")).isEqualTo(404);
        PageChecks.check(browser, "ErrorPagesTest-not-found-director");
        // the console recorder the page checks rely on does see an error logged by the page
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "console.error('htmx:syntax:error probe');");
        assertThat(PageChecks.consoleErrors(browser)).containsExactly("htmx:syntax:error probe");
    }

    @Test
    void an_unknown_school_is_not_found_not_an_impossible_action() {
        PageChecks.recordConsoleErrors(browser);
        browser.signIn("admin", ADMIN_PASSWORD);
        // 9999999Z: seven digits and a letter, but no school can have it (its check letter is P)
        for (String path : new String[]{"/schools/9999999Z", "/schools/9999999Z/server", "/schools/" + newUai()}) {
            browser.go(path);
            assertThat(browser.heading()).as(path).isEqualTo("École introuvable");
            assertThat(browser.text()).as(path).contains("Aucune école n’est enregistrée sous cette UAI")
                    .doesNotContain("Action impossible");
            assertThat(browser.driver().findElement(By.cssSelector("header.top")).getText()).contains("Écoles");
            assertThat(PageChecks.status(browser, path)).as(path).isEqualTo(404);
        }
        PageChecks.check(browser, "ErrorPagesTest-unknown-school");

        for (String path : new String[]{"/api/schools/9999999Z", "/api/schools/" + newUai()}) {
            Api.Response response = admin().get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.json().get("type").asText()).as(path).endsWith("/not-found");
        }
    }

    @Test
    void the_site_icon_is_served_and_linked_from_every_page() throws Exception {
        HttpResponse<byte[]> icon = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/favicon.ico")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.body()).startsWith(0, 0, 1, 0); // an ICO file's header
        browser.go("/login");
        assertThat(browser.driver().findElement(By.cssSelector("link[rel=icon]")).getAttribute("href"))
                .endsWith("/favicon.ico");
    }
}
