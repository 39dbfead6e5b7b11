package fr.intrascol.sync.app.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.BrowserTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A teacher's class lists (pupils and logins, never a password) and new passwords for a whole class, through the
 * API and the accounts pages: each pupil's own reset with the reason in their history, and the class's sheet.
 */
class ClassListsTest extends BrowserTest {

    static final String CM2 = "CM2 Mme LEROUX";

    private String uai;
    private String director;

    /** Four CM2 pupils (one suspended) given out of order, and a CP pupil. */
    private void school(String name) {
        uai = registerSchool(name);
        importPupils(uai,
                "ZOLA;;Émile;2016-03-01;M;751000001AB;CM2;" + CM2,
                "ÉMERY;;Léa;2016-03-02;F;751000002AB;CM2;" + CM2,
                "FAURE;;Inès;2016-03-04;F;751000004AB;CM2;" + CM2,
                "DUPONT;;Noé;2016-03-03;M;751000003AB;CM2;" + CM2,
                "ADAM;;Zoé;2020-03-05;F;751000005AB;CP;CP Mme COLIN");
        Api.Response suspended = admin().patch("/api/accounts/" + account("FAURE").get("accountId").asText(),
                Map.of("status", "SUSPENDED", "reason", "départ"), Map.of());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        director = createUser("DIRECTOR", uai);
    }

    private JsonNode account(String lastName) {
        return StreamSupport.stream(admin().get("/api/schools/" + uai + "/accounts").json().spliterator(), false)
                .filter(a -> a.get("lastName").asText().equals(lastName)).findFirst().orElseThrow();
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static int pages(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        }
    }

    private static List<String> passwords(String sheet) {
        List<String> passwords = new ArrayList<>();
        Matcher m = Pattern.compile("Mot de passe : ?(\\S+)").matcher(sheet);
        while (m.find()) {
            passwords.add(m.group(1));
        }
        return passwords;
    }

    private Map<String, Object> request(String classGroup, String reason, Boolean confirm) {
        Map<String, Object> body = new HashMap<>();
        body.put("classGroup", classGroup);
        body.put("reason", reason);
        body.put("confirm", confirm);
        return body;
    }

    @Test
    void a_class_gets_new_passwords_each_with_the_reason_in_its_history_and_a_sheet_of_its_active_pupils()
            throws IOException {
        school("École des Classes");
        Api director = user(this.director);
        String path = "/api/schools/" + uai + "/class-password-reset";
        Api.Response noReason = director.post(path, request(CM2, null, true));
        assertThat(noReason.status()).as(noReason.toString()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");
        Api.Response notConfirmed = director.post(path, request(CM2, "feuille perdue", null));
        assertThat(notConfirmed.status()).as(notConfirmed.toString()).isEqualTo(400);
        assertThat(notConfirmed.body()).contains("confirm");
        assertThat(director.post(path, request("CM9", "feuille perdue", true)).status()).isEqualTo(404);
        String inspector = createUser("INSPECTOR", uai);
        assertThat(user(inspector).post(path, request(CM2, "feuille perdue", true)).status()).isEqualTo(403);
        for (String name : List.of("ZOLA", "ÉMERY", "DUPONT", "FAURE", "ADAM")) {
            JsonNode history = admin().get("/api/accounts/" + account(name).get("accountId").asText() + "/history").json();
            assertThat(history.toString()).as(name + ": nothing reset by a refused request")
                    .doesNotContain("AccountPasswordReset");
        }

        Api.Response reset = director.post(path, request(CM2, "feuille perdue", true));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        JsonNode answer = reset.json();
        assertThat(answer.get("count").asInt()).isEqualTo(3);
        assertThat(answer.get("complete").asBoolean()).isTrue();
        assertThat(answer.toString()).doesNotContain("password\"");
        for (String name : List.of("ZOLA", "ÉMERY", "DUPONT")) {
            JsonNode history = admin().get("/api/accounts/" + account(name).get("accountId").asText() + "/history").json();
            JsonNode last = history.get(history.size() - 1);
            assertThat(last.get("type").asText()).as(name).isEqualTo("AccountPasswordReset");
            assertThat(last.get("reason").asText()).isEqualTo("feuille perdue");
            assertThat(last.get("actor").asText()).isEqualTo(this.director);
        }
        for (String name : List.of("FAURE", "ADAM")) {
            assertThat(admin().get("/api/accounts/" + account(name).get("accountId").asText() + "/history").json()
                    .toString()).as(name + " (suspended, or another class)").doesNotContain("AccountPasswordReset");
        }

        HttpResponse<byte[]> sheet = director.download(answer.get("credentialsSheet").asText());
        assertThat(sheet.statusCode()).isEqualTo(200);
        String cards = text(sheet.body());
        assertThat(cards).contains(CM2, account("ZOLA").get("login").asText(), account("ÉMERY").get("login").asText(),
                account("DUPONT").get("login").asText()).doesNotContain(account("FAURE").get("login").asText())
                .doesNotContain(account("ADAM").get("login").asText());
        List<String> passwords = passwords(cards);
        assertThat(passwords).hasSize(3);
        assertThat(director.download(answer.get("credentialsSheet").asText()).statusCode())
                .as("the sheet is given once").isEqualTo(404);

        HttpResponse<byte[]> list = user(inspector).download("/api/schools/" + uai + "/class-lists.pdf?classGroup="
                + URLEncoder.encode(CM2, StandardCharsets.UTF_8));
        assertThat(list.statusCode()).as("an inspector reads the class list").isEqualTo(200);
        String pupils = text(list.body());
        assertThat(pupils).contains("Liste de la classe — " + CM2, "3 élèves", account("ZOLA").get("login").asText())
                .doesNotContain("FAURE").doesNotContain("ADAM");
        assertThat(pupils.indexOf("DUPONT Noé")).isPositive().isLessThan(pupils.indexOf("ÉMERY Léa"));
        assertThat(pupils.indexOf("ÉMERY Léa")).isLessThan(pupils.indexOf("ZOLA Émile"));
        assertThat(passwords).allSatisfy(password -> assertThat(pupils).doesNotContain(password));
        assertThat(pupils).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");

        HttpResponse<byte[]> all = director.download("/api/schools/" + uai + "/class-lists.pdf");
        String every = text(all.body());
        assertThat(pages(all.body())).isEqualTo(2);
        assertThat(every.indexOf("Liste de la classe — CP Mme COLIN")).as("school order: CP before CM2")
                .isGreaterThanOrEqualTo(0).isLessThan(every.indexOf("Liste de la classe — " + CM2));
        assertThat(director.download("/api/schools/" + uai + "/class-lists.pdf?classGroup=CM9").statusCode())
                .isEqualTo(404);
    }

    @Test
    void the_accounts_page_gives_a_class_list_and_new_passwords_for_the_class_after_a_reason_and_a_confirmation()
            throws IOException {
        school("École des Listes");
        browser.signIn(director, PASSWORD);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> !browser.path().startsWith("/login"));
        browser.go("/schools/" + uai + "/accounts");
        assertThat(browser.driver().findElement(By.linkText("Listes des classes (PDF)")).getAttribute("href"))
                .endsWith("/schools/" + uai + "/accounts/class-list.pdf");
        new Select(browser.field("Classe")).selectByVisibleText(CM2);
        browser.waitForText("4 compte(s) trouvé(s)"); // the suspended pupil too
        assertThat(browser.driver().findElement(By.linkText("Liste de la classe (PDF)")).getAttribute("href"))
                .contains("classe=CM2");
        browser.click("Liste de la classe (PDF)");
        String list = text(Files.readAllBytes(browser.download(".pdf")));
        assertThat(list).contains("Liste de la classe — " + CM2, "DUPONT Noé");

        browser.click("Nouveaux mots de passe pour une classe");
        browser.waitForText("Je confirme : les 3 élèves de " + CM2 + " devront utiliser leur nouveau mot de passe.");
        browser.screenshot("ClassListsTest-class-passwords-1366");
        browser.click("Créer les nouveaux mots de passe");
        browser.waitForText("Indiquez le motif");
        browser.field("Motif").sendKeys("nouveau trimestre");
        browser.click("Créer les nouveaux mots de passe");
        browser.waitForText("Cochez la confirmation");
        assertThat(browser.field("Motif").getDomProperty("value")).isEqualTo("nouveau trimestre");
        browser.tick("Je confirme : les 3 élèves de " + CM2 + " devront utiliser leur nouveau mot de passe.");
        browser.click("Créer les nouveaux mots de passe");
        browser.waitForText("Les 3 élèves de " + CM2 + " ont un nouveau mot de passe.");
        assertThat(browser.path()).as("a reload does not post again").doesNotEndWith("/class-passwords");
        browser.driver().navigate().refresh();
        browser.waitForText("Les 3 élèves de " + CM2 + " ont un nouveau mot de passe.");
        JsonNode history = admin().get("/api/accounts/" + account("ZOLA").get("accountId").asText() + "/history").json();
        assertThat(history.get(history.size() - 1).get("reason").asText()).isEqualTo("nouveau trimestre");
        assertThat(StreamSupport.stream(history.spliterator(), false)
                .filter(e -> e.get("type").asText().equals("AccountPasswordReset"))).as("one reset, reload or not")
                .hasSize(1);
        assertThat(browser.driver().findElement(By.linkText("Feuille des identifiants de la classe (PDF)"))
                .getAttribute("href")).contains("/credentials.pdf");
        browser.screenshot("ClassListsTest-class-passwords-done-1366");

        browser.driver().manage().window().setSize(new Dimension(390, 844));
        browser.go("/schools/" + uai + "/accounts/class-passwords?classe=" + URLEncoder.encode(CM2, StandardCharsets.UTF_8));
        browser.waitForText("Je confirme : les 3 élèves");
        Object widths = ((JavascriptExecutor) browser.driver()).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth");
        assertThat(widths).as("no horizontal overflow at 390 px").isEqualTo(true);
        browser.screenshot("ClassListsTest-class-passwords-390");
    }
}
