package fr.intrascol.sync.app.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.BrowserTest;
import fr.intrascol.sync.testsupport.Eventually;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.text.Collator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accounts list of a 120-pupil school as a director uses it: paged and searched by the read model, classes
 * in school order and names the French way, a search that follows pasted text, a past view to the second, a
 * class change that warns before creating a twin class, and no htmx error in the console; at 1366 and 390 px.
 */
class AccountListTest extends BrowserTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** Five classes named the ONDE way, given out of school order; 24 pupils each. */
    static final String[][] CLASSES = {
            {"CM2 Mme LEROUX", "CM2", "CM2", "2016"},
            {"CE2-CM1 M. PERRIN", "CE2", "CM1", "2018"},
            {"GS A", "GS", "GS", "2021"},
            {"CP-CE1 Mme COLIN", "CP", "CE1", "2020"},
            {"PS-MS Mme ROUX", "PS", "MS", "2023"},
    };
    static final String[] LAST_NAMES = {"ZOLA", "ÉMERY", "DUPONT", "FAURE", "ADAM", "ÉTIENNE", "BRÛLÉ", "LEFÈVRE",
            "MARTIN", "GIRARD", "CÔTÉ", "BERNARD", "PETIT", "DUBOIS", "ŒUVRARD", "ROUX", "MOREAU", "LAURENT", "SIMON",
            "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ÉLIE"};
    static final String[] FIRST_NAMES = {"Léa", "Émile", "Zoé", "Inès", "Noé"};

    private String uai;
    private String director;

    /** The school's 120 pupils, imported; the director signed in, the console watched from the first page. */
    private void schoolOf120Pupils() {
        uai = registerSchool("École des Cent Vingt");
        List<String> rows = new ArrayList<>();
        int n = 0;
        for (int c = 0; c < CLASSES.length; c++) {
            for (int p = 0; p < LAST_NAMES.length; p++) {
                n++;
                String level = CLASSES[c][p % 2 == 0 ? 1 : 2];
                rows.add(LAST_NAMES[p] + ";;" + FIRST_NAMES[c] + ";" + CLASSES[c][3] + "-03-" + String.format("%02d", 1 + p)
                        + ";F;" + String.format("74%07dAB", n) + ";" + level + ";" + CLASSES[c][0]);
            }
        }
        importPupils(uai, rows.toArray(String[]::new));
        director = createUser("DIRECTOR", uai);
        watchConsole();
        browser.signIn(director, PASSWORD);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> !browser.path().startsWith("/login"));
    }

    /** From now on, every page records htmx's errors and the console's errors in {@code window.__errors}. */
    private void watchConsole() {
        ((HasCdp) browser.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.__errors = [];
                document.addEventListener('htmx:syntax:error', e => window.__errors.push('htmx:syntax:error '
                    + JSON.stringify(e.detail && e.detail.token)), true);
                const error = console.error;
                console.error = function (...args) { window.__errors.push(args.map(String).join(' '));
                                                     return error.apply(this, args); };"""));
    }

    @SuppressWarnings("unchecked")
    private List<String> consoleErrors() {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        assertThat(js.executeScript("return typeof htmx !== 'undefined' && Array.isArray(window.__errors)"))
                .as("htmx loaded and the console watched").isEqualTo(true);
        return (List<String>) js.executeScript("return window.__errors");
    }

    private List<List<String>> cells() {
        return browser.all(By.cssSelector("table.accounts tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    private void noHorizontalOverflow(String what) {
        Object widths = ((JavascriptExecutor) browser.driver()).executeScript(
                "return [document.documentElement.scrollWidth, window.innerWidth]");
        List<?> w = (List<?>) widths;
        assertThat(((Number) w.get(0)).longValue()).as(what + ": page width within the 390 px screen")
                .isLessThanOrEqualTo(((Number) w.get(1)).longValue());
    }

    private Api director() {
        return user(director);
    }

    private JsonNode account(String lastName, String firstName) {
        return StreamSupport.stream(director().get("/api/schools/" + uai + "/accounts").json().spliterator(), false)
                .filter(a -> a.get("lastName").asText().equals(lastName) && a.get("firstName").asText().equals(firstName))
                .findFirst().orElseThrow(() -> new AssertionError("no account " + firstName + " " + lastName));
    }

    @Test
    void a_school_of_120_pupils_is_paged_in_school_order_searched_with_accents_and_pasted_text() {
        schoolOf120Pupils();
        browser.go("/schools/" + uai + "/accounts");
        assertThat(browser.text()).contains("120 compte(s)", "page 1 sur 3");
        assertThat(new Select(browser.field("Classe")).getOptions()).extracting(WebElement::getText)
                .containsExactly("Toutes les classes", "PS-MS Mme ROUX", "GS A", "CP-CE1 Mme COLIN",
                        "CE2-CM1 M. PERRIN", "CM2 Mme LEROUX");
        assertThat(consoleErrors()).as("console errors on the accounts page").isEmpty();
        browser.screenshot("AccountListTest-list-1366");

        browser.click("Page suivante");
        browser.waitForText("page 2 sur 3");
        List<List<String>> page2 = cells();
        assertThat(page2).hasSize(AccountPages.PAGE_SIZE);
        // 24 PS-MS, 24 GS, then rows 49-72 CP-CE1, 73-96 CE2-CM1, 97-120 CM2: page 2 holds rows 51 to 100
        assertThat(page2.get(0).get(4)).isEqualTo("CP-CE1 Mme COLIN");
        assertThat(page2.subList(22, 46)).allSatisfy(row -> assertThat(row.get(4)).isEqualTo("CE2-CM1 M. PERRIN"));
        assertThat(page2.get(49).get(4)).isEqualTo("CM2 Mme LEROUX");
        List<String> ce2 = page2.subList(22, 46).stream().map(row -> row.get(0)).toList();
        Collator french = Collator.getInstance(Locale.FRENCH);
        assertThat(ce2).isSortedAccordingTo(french);
        assertThat(ce2.indexOf("ÉMERY")).isBetween(ce2.indexOf("DUPONT") + 1, ce2.indexOf("FAURE") - 1);
        assertThat(ce2.indexOf("ÉLIE")).isLessThan(ce2.indexOf("ÉMERY"));
        assertThat(ce2.get(ce2.size() - 1)).isEqualTo("ZOLA");

        browser.field("Rechercher (nom ou identifiant)").sendKeys("emery");
        browser.waitForText("5 compte(s) trouvé(s) sur 120");
        assertThat(cells()).extracting(row -> row.get(0)).containsOnly("ÉMERY");
        assertThat(cells()).extracting(row -> row.get(4)).containsExactly("PS-MS Mme ROUX", "GS A",
                "CP-CE1 Mme COLIN", "CE2-CM1 M. PERRIN", "CM2 Mme LEROUX");

        // a paste: the text arrives at once, with no key pressed (the paste event, then the input event)
        WebElement search = browser.field("Rechercher (nom ou identifiant)");
        ((JavascriptExecutor) browser.driver()).executeScript("""
                const field = arguments[0];
                field.dispatchEvent(new ClipboardEvent('paste', {bubbles: true}));
                field.value = 'ETIENNE  inès';
                field.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));""",
                search);
        browser.waitForText("1 compte(s) trouvé(s) sur 120");
        assertThat(cells()).singleElement().satisfies(row -> assertThat(row).contains("ÉTIENNE", "Inès"));
        assertThat(browser.path()).contains("q=ETIENNE");
        assertThat(consoleErrors()).as("console errors after searching").isEmpty();

        browser.driver().manage().window().setSize(new Dimension(390, 844));
        browser.go("/schools/" + uai + "/accounts");
        noHorizontalOverflow("accounts list");
        assertThat(consoleErrors()).isEmpty();
        browser.screenshot("AccountListTest-list-390");
        browser.go("/accounts/" + account("ZOLA", "Léa").get("accountId").asText());
        noHorizontalOverflow("account page");
        browser.screenshot("AccountListTest-account-390");
        browser.go("/accounts/" + account("ZOLA", "Léa").get("accountId").asText() + "/class");
        noHorizontalOverflow("class change form");
        browser.screenshot("AccountListTest-class-form-390");
    }

    @Test
    void a_class_change_offers_the_school_classes_and_warns_before_a_twin_class_or_a_contradicting_level() {
        schoolOf120Pupils();
        String id = account("ADAM", "Émile").get("accountId").asText();
        browser.go("/accounts/" + id + "/class");
        assertThat(browser.all(By.cssSelector("datalist#classes-ecole option"))).extracting(o -> o.getDomProperty("value"))
                .containsExactly("PS-MS Mme ROUX", "GS A", "CP-CE1 Mme COLIN", "CE2-CM1 M. PERRIN", "CM2 Mme LEROUX");
        assertThat(browser.field("Classe").getDomAttribute("list")).isEqualTo("classes-ecole");

        browser.field("Classe").clear();
        browser.field("Classe").sendKeys("cm2  mme  leroux");
        new Select(browser.field("Niveau")).selectByVisibleText("PS");
        browser.field("Motif").sendKeys("Changement demandé");
        browser.click("Changer de classe");
        browser.waitForText("Vérifiez la classe avant de continuer.");
        assertThat(browser.textOf(By.id("verifier-classe")))
                .contains("ne diffère de la classe existante « CM2 Mme LEROUX »")
                .contains("Le niveau PS ne correspond pas à la classe « cm2 mme leroux », dont le nom indique CM2");
        assertThat(account("ADAM", "Émile").get("classGroup").asText()).as("nothing changed yet")
                .isEqualTo("CE2-CM1 M. PERRIN");
        browser.screenshot("AccountListTest-class-warning-1366");

        // the existing class chosen instead, with the right level: no warning, changed at once
        browser.field("Classe").clear();
        browser.field("Classe").sendKeys("CM2 Mme LEROUX");
        new Select(browser.field("Niveau")).selectByVisibleText("CM2");
        browser.click("Confirmer quand même");
        browser.waitForText("La classe a été changée.");
        assertThat(account("ADAM", "Émile").get("classGroup").asText()).isEqualTo("CM2 Mme LEROUX");

        // a contradicting level confirmed as it is: made as asked
        browser.go("/accounts/" + id + "/class");
        new Select(browser.field("Niveau")).selectByVisibleText("PS");
        browser.field("Motif").sendKeys("Niveau provisoire");
        browser.click("Changer de classe");
        browser.waitForText("Vérifiez la classe avant de continuer.");
        assertThat(browser.textOf(By.id("verifier-classe"))).doesNotContain("ne diffère");
        browser.click("Confirmer quand même");
        browser.waitForText("La classe a été changée.");
        assertThat(account("ADAM", "Émile").get("level").asText()).isEqualTo("PS");
        assertThat(director().get("/api/schools/" + uai + "/accounts").json()).extracting(a -> a.get("classGroup").asText())
                .doesNotContain("cm2 mme leroux", "cm2  mme  leroux");
    }

    @Test
    void the_past_view_tells_apart_two_changes_of_the_same_day_and_a_future_date_shows_today() {
        uai = registerSchool("École des Heures");
        director = createUser("DIRECTOR", uai);
        browser.signIn(director, PASSWORD);
        JsonNode pupil = createPupil(director(), uai, "LAMBERT", "Jade", "2019-07-14", "CP");
        String id = pupil.get("accountId").asText();
        Instant created = Instant.parse(director().get("/api/accounts/" + id + "/history").json().get(0).get("at").asText());
        // the class change in a later second than the creation
        Eventually.until("a new second", Duration.ofSeconds(3),
                () -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(created.truncatedTo(ChronoUnit.SECONDS)));
        Api.Response moved = director().patch("/api/accounts/" + id,
                Map.of("classGroup", "CE1 B", "level", "CE1", "reason", "passage anticipé"), Map.of());
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        String createdSecond = LocalDateTime.ofInstant(created, PARIS).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);

        browser.go("/schools/" + uai + "/accounts");
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]",
                browser.field("Comptes à la date du"), createdSecond);
        browser.click("Filtrer");
        browser.waitForText("Vue du passé, en lecture seule.");
        assertThat(cells()).singleElement().satisfies(row -> assertThat(row).contains("CP A"));
        assertThat(browser.field("Comptes à la date du").getDomProperty("value")).startsWith(createdSecond.substring(0, 16));
        assertThat(director().get("/api/schools/" + uai + "/accounts?asOf=" + createdSecond).json().get(0)
                .get("classGroup").asText()).as("the API takes the same local time").isEqualTo("CP A");

        LocalDate tomorrow = LocalDate.now(PARIS).plusDays(1);
        browser.go("/schools/" + uai + "/accounts?asOf=" + tomorrow);
        assertThat(browser.text()).doesNotContain("Vue du passé").contains("est à venir : voici les comptes d’aujourd’hui");
        assertThat(browser.heading()).isEqualTo("Comptes de l’école");
        assertThat(cells()).singleElement().satisfies(row -> assertThat(row).contains("CE1 B"));
        browser.go("/schools/" + uai + "/accounts?asOf=" + LocalDate.now(PARIS));
        assertThat(browser.text()).doesNotContain("Vue du passé").doesNotContain("est à venir");
    }

    @Test
    void the_credentials_sheet_of_an_import_dates_itself_the_french_way() throws IOException {
        uai = registerSchool("École des Dates");
        StringBuilder file = new StringBuilder(ONDE_HEADER).append("ROCHE;;Lou;2019-05-06;F;750000001AB;CP;CP A\r\n");
        Api.Response planned = admin().upload("/api/schools/" + uai + "/imports", "base-eleves.csv",
                file.toString().getBytes(java.nio.charset.Charset.forName("windows-1252")));
        JsonNode applied = admin().post("/api/imports/" + planned.json().get("importId").asText() + "/apply", Map.of())
                .json();
        HttpResponse<byte[]> pdf = admin().download(applied.get("credentialsSheet").asText());
        assertThat(pdf.statusCode()).isEqualTo(200);
        String text;
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(document);
        }
        LocalDate today = LocalDate.now(PARIS);
        String day = (today.getDayOfMonth() == 1 ? "1er" : String.valueOf(today.getDayOfMonth())) + " "
                + DateTimeFormatter.ofPattern("MMMM yyyy", Locale.FRENCH).format(today);
        assertThat(text).contains("base-eleves.csv — " + day).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
    }
}
