package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.support.BrowserTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The report page refuses a period longer than intrascol.reports.max-period, in French, naming the limit. */
class ReportPeriodPageTest extends BrowserTest {

    @Test
    void a_period_longer_than_ten_years_is_explained_in_french_and_nothing_is_computed() {
        String uai = registerSchool("École des Siècles");
        browser.signIn(createUser("DIRECTOR", uai), PASSWORD);
        browser.waitForText("Se déconnecter");
        browser.go("/schools/" + uai + "/reports");
        browser.waitForText("Changements par mois");
        var js = (org.openqa.selenium.JavascriptExecutor) browser.driver();
        js.executeScript("arguments[0].value = '0001-01-01'", browser.field("Du"));
        js.executeScript("arguments[0].value = '9999-12-31'", browser.field("Au"));
        browser.click("Afficher le rapport");
        browser.waitForText("La période est trop longue");
        assertThat(browser.text()).contains("un rapport couvre au plus 10 ans").doesNotContain("Changements par mois");
        assertThat(browser.field("Au").getDomProperty("value")).isEqualTo("9999-12-31");
    }
}
