package fr.intrascol.sync.app.support;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real headless Chromium (Debian's {@code chromium}, driven through Debian's {@code chromedriver}; no
 * browser is ever downloaded), the size of a school's small laptop screen. Downloads go to a folder of
 * their own so tests can open the PDF or CSV a page offers.
 */
public final class Browser implements AutoCloseable {

    // Waits ignore WebDriverException: while a page is being replaced (a redirect, an htmx swap)
    // chromedriver answers "stale element" or "node does not belong to the document" for a moment;
    // a wait that times out still reports the last of them as its cause.

    public static final String CHROMIUM = System.getProperty("intrascol.test.chromium", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("intrascol.test.chromedriver", "/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String base;
    private final Path downloads;

    private Browser(String base, int width, int height) {
        this.base = base;
        try {
            this.downloads = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "downloads-");
            Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--lang=fr-FR",
                    "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false,
                    "plugins.always_open_pdf_externally", true,
                    "intl.accept_languages", "fr-FR,fr"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            this.driver = new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A browser for the application on {@code port}, 1366×768 (a school laptop). */
    public static Browser open(int port) {
        return new Browser("http://localhost:" + port, 1366, 768);
    }

    /** A narrow one (a small tablet or a half screen), to check the pages still work there. */
    public static Browser narrow(int port) {
        return new Browser("http://localhost:" + port, 800, 700);
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    public String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    public Browser signIn(String username, String password) {
        go("/login");
        field("Nom d’utilisateur").sendKeys(username);
        field("Mot de passe").sendKeys(password);
        click("Se connecter");
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(d -> !path().startsWith("/login")
                || text().contains("mot de passe incorrect"));
        return this;
    }

    /** The input, select or textarea whose {@code <label>} says {@code label}: forms must be labelled. */
    public WebElement field(String label) {
        By by = By.xpath("//label[normalize-space(.)=" + literal(label) + "]");
        return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(d -> {
                    String id = d.findElement(by).getAttribute("for");
                    if (id == null || id.isBlank()) {
                        throw new AssertionError("The label '" + label + "' is not attached to a field (no for=)");
                    }
                    return d.findElement(By.id(id));
                });
    }

    /** Clicks the checkbox or radio button labelled {@code label}, again if the page was replaced meanwhile. */
    public Browser tick(String label) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(d -> {
                    field(label).click();
                    return true;
                });
        return this;
    }

    /** Clicks the button or link whose visible text is {@code text}. */
    public Browser click(String text) {
        By by = By.xpath("//button[normalize-space(.)=" + literal(text) + "] | //a[normalize-space(.)="
                + literal(text) + "] | //input[@type='submit' and @value=" + literal(text) + "]");
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(d -> {
                    WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
                    if (element == null) {
                        return false;
                    }
                    element.click();
                    return true;
                });
        return this;
    }

    public WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until the page's text contains {@code text} (up to {@code timeout}). */
    public Browser waitForText(String text, Duration timeout) {
        new WebDriverWait(driver, timeout).ignoring(WebDriverException.class)
                .until(d -> d.findElement(By.tagName("body")).getText().contains(text));
        return this;
    }

    public Browser waitForText(String text) {
        return waitForText(text, Duration.ofSeconds(20));
    }

    /** The visible text of the whole page. */
    public String text() {
        return textOf(By.tagName("body"));
    }

    public String heading() {
        return textOf(By.tagName("h1"));
    }

    /** The text of an element, read again if the page was replaced in between (a redirect, an htmx swap). */
    public String textOf(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(d -> d.findElement(by).getText());
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits for a downloaded file whose name ends with {@code suffix}, and returns it. */
    public Path download(String suffix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (var listing = Files.list(downloads)) {
                List<Path> files = listing.toList();
                // Chromium first creates the final name empty, writes into a .crdownload file, then renames it
                boolean inProgress = files.stream().anyMatch(f -> f.toString().endsWith(".crdownload"));
                var found = files.stream().filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst();
                if (found.isPresent() && !inProgress && Files.size(found.get()) > 0) {
                    return found.get();
                }
                Thread.sleep(100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No " + suffix + " file was downloaded into " + downloads);
    }

    /** Saves what the browser shows now as {@code target/screenshots/<name>.png}, for review. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An XPath string literal for any text (quotes included). */
    static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        if (!text.contains("\"")) {
            return "\"" + text + "\"";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    @Override
    public void close() {
        driver.quit();
    }
}
