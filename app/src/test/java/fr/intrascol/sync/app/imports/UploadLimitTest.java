package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.BrowserTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file above the upload limit (7 MB) is refused before anything reads it: the API answers a problem
 * detail, the page a French message; no import is recorded.
 */
class UploadLimitTest extends BrowserTest {

    private static byte[] tooLarge() {
        return bytes(8 * 1024 * 1024);
    }

    private static byte[] bytes(int size) {
        byte[] content = new byte[size];
        Arrays.fill(content, (byte) 'a');
        return content;
    }

    @Test
    void the_api_answers_413_with_a_problem_detail() {
        String uai = registerSchool("École du Grand Fichier");
        Api.Response response = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv", tooLarge());
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("type").asText()).endsWith("/file-too-large");
        assertThat(admin().get("/api/schools/" + uai + "/imports").json()).isEmpty();
    }

    @Test
    void the_page_says_in_french_that_the_file_is_too_large() throws IOException {
        String uai = registerSchool("École du Très Grand Fichier");
        String director = createUser("DIRECTOR", uai);
        Path file = Files.createTempFile(Path.of("target").toAbsolutePath(), "too-large-", ".csv");
        Files.write(file, tooLarge());
        browser.signIn(director, PASSWORD);
        browser.go("/schools/" + uai + "/imports/new");
        browser.field("Choisir le fichier d’extraction (CSV)").sendKeys(file.toString());
        browser.click("Analyser le fichier");
        browser.waitForText("Fichier trop volumineux");
        assertThat(browser.text()).contains("bien trop volumineux pour l’extraction d’une école")
                .contains(director); // the layout's menu is there: the director can go on
        assertThat(admin().get("/api/schools/" + uai + "/imports").json()).isEmpty();
    }

    /**
     * 6.29 MB: above the file limit (6 MB) but below the request limit (7 MB), so the upload filter lets it
     * through and the multipart parser refuses it: the same French page, with the menu.
     */
    @Test
    void a_file_between_the_file_and_request_limits_gets_the_same_french_page() throws IOException {
        String uai = registerSchool("École du Fichier Moyen");
        String director = createUser("DIRECTOR", uai);
        Path file = Files.createTempFile(Path.of("target").toAbsolutePath(), "between-limits-", ".csv");
        Files.write(file, bytes(6_595_000));
        browser.signIn(director, PASSWORD);
        browser.go("/schools/" + uai + "/imports/new");
        browser.field("Choisir le fichier d’extraction (CSV)").sendKeys(file.toString());
        browser.click("Analyser le fichier");
        browser.waitForText("Fichier trop volumineux");
        assertThat(browser.text()).contains("bien trop volumineux pour l’extraction d’une école")
                .doesNotContain("erreur inattendue").contains(director, "Mon école");
        assertThat(admin().get("/api/schools/" + uai + "/imports").json()).isEmpty();

        Api.Response api = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv", bytes(6_595_000));
        assertThat(api.status()).isEqualTo(413);
        assertThat(api.json().get("type").asText()).endsWith("/file-too-large");
    }
}
