package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.BrowserTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of the schools, imports, server, users and privacy areas, as the ICT staff and as a director,
 * at 1366 px and on a phone (390 px): nothing wider than the screen, no login broken over two lines, no
 * error in the browser's console (htmx's included), the site's icon linked once (a second one would be an
 * error page rendered inside the page). Screenshots of each page at both widths go to
 * {@code target/screenshots/PageWalkTest-<role>-<page>-{1366,390}.png}.
 */
class PageWalkTest extends BrowserTest {

    @Test
    void every_page_holds_up_on_a_laptop_and_on_a_phone() {
        // a school with a long name, a server (a users file), this year's import applied and next year's analysed
        String uai = registerSchool("École élémentaire publique Antoine-de-Saint-Exupéry du Grand-Large");
        Api.Response target = admin().send("PUT", "/api/schools/" + uai + "/target",
                Map.of("type", "FILE", "directory", "walk-" + uai.toLowerCase()), Map.of());
        assertThat(target.status()).as(target.toString()).isEqualTo(200);
        String applied = Schools.importFixture(admin(), uai, "onde-2026/0170001J.csv").get("importId").asText();
        Schools.awaitPushed(admin(), uai);
        Api.Response next = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction-2027.csv",
                Fixtures.be1d("onde-2027/0170001J.csv"));
        assertThat(next.status()).as(next.toString()).isEqualTo(201);
        String planned = next.json().get("importId").asText();
        // another school whose import was rolled back (its page is paged)
        String other = registerSchool("École des Dunes");
        String rolledBack = Schools.importFixture(admin(), other, "onde-2026/0170002K.csv").get("importId").asText();
        assertThat(admin().post("/api/imports/" + rolledBack + "/rollback", Map.of("reason", "Mauvais fichier"))
                .status()).isEqualTo(200);
        String director = createUser("DIRECTOR", uai);

        PageChecks.recordConsoleErrors(browser);
        browser.go("/login");
        walk("anonymous-login", "/login");

        browser.signIn("admin", ADMIN_PASSWORD);
        browser.waitForText("Se déconnecter");
        Map<String, String> adminPages = new LinkedHashMap<>();
        adminPages.put("schools", "/schools");
        adminPages.put("school-home", "/schools/" + uai);
        adminPages.put("imports", "/schools/" + uai + "/imports");
        adminPages.put("upload", "/schools/" + uai + "/imports/new");
        adminPages.put("import-applied", "/imports/" + applied);
        adminPages.put("import-result", "/imports/" + applied + "/result");
        adminPages.put("rollback-preview", "/imports/" + applied + "/rollback");
        for (String tab : List.of("arrivees", "departs", "classes", "noms", "inchanges")) {
            adminPages.put("plan-" + tab, "/imports/" + planned + "/plan?onglet=" + tab);
        }
        adminPages.put("import-rolled-back", "/imports/" + rolledBack);
        adminPages.put("import-rolled-back-page-2", "/imports/" + rolledBack + "?page=2");
        adminPages.put("rolled-back", "/imports/" + rolledBack + "/rollback/result");
        adminPages.put("server", "/schools/" + uai + "/server");
        adminPages.put("server-drift", "/schools/" + uai + "/server/drift");
        adminPages.put("server-replay", "/schools/" + uai + "/server/replay");
        adminPages.put("users", "/admin/utilisateurs");
        adminPages.put("user-new", "/admin/utilisateurs/nouveau");
        adminPages.put("user", "/admin/utilisateurs/" + director);
        adminPages.put("users-journal", "/admin/utilisateurs/journal");
        adminPages.put("retention", "/admin/conservation");
        adminPages.put("my-account", "/mon-compte");
        adminPages.put("too-large", "/error/too-large");
        adminPages.put("unknown-school", "/schools/9999999Z");
        adminPages.put("not-found", "/nulle-part");
        adminPages.forEach((name, page) -> walk("admin-" + name, page));

        // on a phone the list of schools shows each school's server state, not cut off in a sideways scroll
        browser.go("/schools");
        assertThat(browser.all(By.cssSelector("table.schools tbody tr"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(PageChecks.hiddenOnPhone(browser, "table.schools tbody td:last-child .badge")).isEmpty();

        // a class change shows only what changes: never « MS → MS »
        browser.go("/imports/" + planned + "/plan?onglet=classes");
        List<WebElement> cells = browser.all(By.cssSelector(".tab-panel td"));
        assertThat(cells).isNotEmpty();
        for (WebElement cell : cells) {
            String[] sides = cell.getText().split(" → ");
            if (sides.length == 2) {
                assertThat(sides[0].strip()).as("a change that changes nothing: " + cell.getText())
                        .isNotEqualTo(sides[1].strip());
            }
        }

        browser.driver().manage().deleteAllCookies();
        browser.signIn(director, PASSWORD);
        browser.waitForText("Se déconnecter");
        Map<String, String> directorPages = new LinkedHashMap<>();
        directorPages.put("school-home", "/schools/" + uai);
        directorPages.put("imports", "/schools/" + uai + "/imports");
        directorPages.put("upload", "/schools/" + uai + "/imports/new");
        directorPages.put("import-applied", "/imports/" + applied);
        directorPages.put("import-result", "/imports/" + applied + "/result");
        directorPages.put("plan", "/imports/" + planned + "/plan");
        directorPages.put("plan-classes", "/imports/" + planned + "/plan?onglet=classes");
        directorPages.put("server", "/schools/" + uai + "/server");
        directorPages.put("server-drift", "/schools/" + uai + "/server/drift");
        directorPages.put("my-account", "/mon-compte");
        directorPages.put("not-found", "/nulle-part");
        directorPages.forEach((name, page) -> walk("director-" + name, page));
        assertThat(PageChecks.status(browser, "/favicon.ico")).isEqualTo(200);
    }

    /** Opens the page, checks it at both widths, and that it links the site's icon. */
    private void walk(String name, String path) {
        browser.go(path);
        browser.waitFor(By.tagName("h1"));
        // the status panel of the server page asks again every 3 s: let it answer once
        if (path.endsWith("/server")) {
            browser.waitFor(By.id("etat-serveur"));
        }
        // one icon, in the head: a second one would be an error page rendered inside the page (a template failing
        // half-way through)
        assertThat(browser.all(By.cssSelector("link[rel=icon]"))).as(path).hasSize(1);
        PageChecks.check(browser, "PageWalkTest-" + name);
        assertThat(browser.text()).as(path).doesNotContain("(s)", "erreur inattendue");
        ((JavascriptExecutor) browser.driver()).executeScript("window.scrollTo(0, 0);");
    }
}
