package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.app.support.Browser;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every page must hold up to, checked in the real browser: no horizontal scrolling on a phone (390 px
 * wide), no error in the browser's console (htmx reports its own there: {@code htmx:syntax:error}...), and
 * its HTTP status. Screenshots at both widths go to {@code target/screenshots/}.
 */
public final class PageChecks {

    /** A small phone's viewport (an iPhone 12 to 15). */
    public static final int PHONE_WIDTH = 390;

    // Recorded in the page itself from its first script on: console.error (where htmx logs its errors),
    // uncaught errors, and htmx's own error events.
    private static final String RECORDER = """
            window.__pageErrors = [];
            (function () {
              var original = console.error.bind(console);
              console.error = function () {
                try { window.__pageErrors.push(Array.prototype.map.call(arguments, String).join(' ')); } catch (e) {}
                return original.apply(console, arguments);
              };
              window.addEventListener('error', function (e) { window.__pageErrors.push('error: ' + e.message); });
              ['htmx:syntax:error', 'htmx:responseError', 'htmx:sendError', 'htmx:targetError', 'htmx:swapError',
               'htmx:onLoadError'].forEach(function (name) {
                document.addEventListener(name, function () { window.__pageErrors.push(name); });
              });
            })();
            """;

    private PageChecks() {
    }

    /** From now on, each page this browser opens records its console errors (see {@link #consoleErrors}). */
    public static void recordConsoleErrors(Browser browser) {
        ((ChromeDriver) browser.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", RECORDER));
    }

    /** The console errors of the page shown now (since it was loaded). */
    @SuppressWarnings("unchecked")
    public static List<String> consoleErrors(Browser browser) {
        Object errors = js(browser).executeScript("return window.__pageErrors || [];");
        return (List<String>) errors;
    }

    /**
     * Screenshots of the page shown now at 1366 px and at {@value #PHONE_WIDTH} px ({@code <name>-1366} and
     * {@code <name>-390}), asserting at the phone's width that nothing is wider than the screen, and that the
     * page logged no error.
     */
    public static void check(Browser browser, String name) {
        browser.screenshot(name + "-1366");
        phone(browser);
        try {
            long scrollWidth = (Long) js(browser).executeScript("return document.documentElement.scrollWidth;");
            long innerWidth = (Long) js(browser).executeScript("return window.innerWidth;");
            browser.screenshot(name + "-390");
            assertThat(scrollWidth).as(name + " (" + browser.path() + ") is wider than a phone: " + widest(browser))
                    .isLessThanOrEqualTo(innerWidth);
            assertThat(brokenLogins(browser)).as(name + " (" + browser.path() + ") logins broken over two lines")
                    .isEmpty();
        } finally {
            laptop(browser);
        }
        assertThat(consoleErrors(browser)).as(name + " (" + browser.path() + ") console").isEmpty();
    }

    /** The browser as a phone, {@value #PHONE_WIDTH} px wide. */
    public static void phone(Browser browser) {
        ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", PHONE_WIDTH, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    /** Back to the laptop's screen. */
    public static void laptop(Browser browser) {
        ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** The HTTP status of a page fetched by the signed-in browser (redirects not followed: 0 for one). */
    public static long status(Browser browser, String path) {
        return (Long) ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {redirect: 'manual'}).then(function (r) { done(r.status); });", path);
    }

    /**
     * The elements matching {@code css} that a phone does not show whole: cut off on the right, or hidden in a
     * box that scrolls sideways (the list of schools' server column, for instance).
     */
    @SuppressWarnings("unchecked")
    public static List<String> hiddenOnPhone(Browser browser, String css) {
        phone(browser);
        try {
            return (List<String>) js(browser).executeScript("""
                    var hidden = [];
                    document.querySelectorAll(arguments[0]).forEach(function (e) {
                      var r = e.getBoundingClientRect();
                      var box = e.closest('.table-wrap');
                      var clip = box ? box.getBoundingClientRect().right : window.innerWidth;
                      if (r.right > Math.min(clip, window.innerWidth) + 1) { hidden.push(e.textContent.trim()); }
                    });
                    return hidden;""", css);
        } finally {
            laptop(browser);
        }
    }

    /** Logins (and code) shown on more than one line: an inline element broken in two has two boxes. */
    @SuppressWarnings("unchecked")
    public static List<String> brokenLogins(Browser browser) {
        return (List<String>) js(browser).executeScript("""
                var broken = [];
                document.querySelectorAll('.login, code').forEach(function (e) {
                  var lines = new Set(Array.from(e.getClientRects()).map(function (r) { return Math.round(r.top); }));
                  if (lines.size > 1) { broken.push(e.textContent.trim()); }
                });
                return broken;""");
    }

    /** The elements that stick out on the right, to say which one is too wide. */
    private static Object widest(Browser browser) {
        return js(browser).executeScript("""
                var out = [];
                document.querySelectorAll('body *').forEach(function (e) {
                  var r = e.getBoundingClientRect();
                  if (r.right > window.innerWidth + 1 && out.length < 5) {
                    out.push(e.tagName + (e.className ? '.' + e.className : '') + ' ' + Math.round(r.right) + 'px: '
                      + (e.textContent || '').trim().substring(0, 40));
                  }
                });
                return out.join(' | ');""");
    }

    private static JavascriptExecutor js(Browser browser) {
        return (JavascriptExecutor) browser.driver();
    }
}
