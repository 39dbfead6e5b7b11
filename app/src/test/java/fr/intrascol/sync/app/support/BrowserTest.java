package fr.intrascol.sync.app.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * A test that drives the web pages in headless Chromium, on the same running application as the API
 * tests. Each test gets a fresh browser (no cookie carried over) and leaves a screenshot of its final
 * page in {@code target/screenshots/<class>-<test>.png}, for someone to look at.
 */
public abstract class BrowserTest extends IntegrationTest {

    protected Browser browser;
    private String name;

    @BeforeEach
    void openBrowser(TestInfo info) {
        browser = Browser.open(port);
        name = getClass().getSimpleName() + "-" + info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    @AfterEach
    void closeBrowser() {
        try {
            browser.screenshot(name);
        } finally {
            browser.close();
        }
    }
}
