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
        browser.field("Du").clear();
        browser.field("Du").sendKeys("01/01/0001");
        browser.field("Au").clear();
        browser.field("Au").sendKeys("31/12/9999");
        browser.click("Afficher le rapport");
        browser.waitForText("La période est trop longue");
        assertThat(browser.text()).contains("un rapport couvre au plus 10 ans").doesNotContain("Changements par mois");
        assertThat(browser.field("Au").getDomProperty("value")).isEqualTo("31/12/9999");
    }
}
