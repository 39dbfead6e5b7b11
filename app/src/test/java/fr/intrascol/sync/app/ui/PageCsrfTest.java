package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser cannot show: a page's POST (signed in with the session cookie) without the CSRF token is
 * refused, and the same POST with the token goes through.
 */
class PageCsrfTest extends IntegrationTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void a_page_post_without_the_csrf_token_is_refused_and_with_it_goes_through() throws Exception {
        String uai = registerSchool("École du Ressac");
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String token = token(client.send(get("/login"), HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> signedIn = client.send(post("/login", "username=admin&password="
                + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + token), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");

        String page = client.send(get("/schools/" + uai + "/server"), HttpResponse.BodyHandlers.ofString()).body();
        String body = "type=FILE&directory=ressac-" + uai;
        HttpResponse<String> without = client.send(post("/schools/" + uai + "/server", body),
                HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.body()).contains("Accès refusé");
        assertThat(admin().get("/api/schools/" + uai + "/target").status()).isEqualTo(404);

        HttpResponse<String> with = client.send(post("/schools/" + uai + "/server", body + "&_csrf=" + token(page)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(with.statusCode()).isEqualTo(302);
        assertThat(with.headers().firstValue("Location").orElse("")).endsWith("/schools/" + uai + "/server");
        assertThat(admin().get("/api/schools/" + uai + "/target").status()).isEqualTo(200);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build();
    }

    private HttpRequest post(String path, String form) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static String token(String html) throws IOException {
        Matcher matcher = TOKEN.matcher(html);
        if (!matcher.find()) {
            throw new IOException("No CSRF token in the page");
        }
        return URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
    }
}
