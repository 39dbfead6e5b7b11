package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.support.Api;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open web session loses its rights as soon as an administrator disables its user, removes a school,
 * changes their roles or sets their password; a user whose password was set by an administrator is sent
 * to « Mon compte » until they choose their own.
 */
class SessionRevocationTest extends IntegrationTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private String staff(String role, boolean mustChange, String... schools) {
        String username = role.toLowerCase() + "-" + newUai().toLowerCase();
        Api.Response response = admin().post("/api/users", Map.of("username", username, "password", PASSWORD,
                "roles", List.of(role), "schools", List.of(schools), "mustChangePassword", mustChange));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return username;
    }

    @Test
    void disabling_removing_a_school_changing_roles_or_the_password_ends_open_sessions() throws Exception {
        String uai = registerSchool("École du Phare");
        String other = registerSchool("École de la Jetée");
        List<Consumer<String>> changes = List.of(
                user -> patch(user, Map.of("enabled", false)),
                user -> patch(user, Map.of("schools", List.of(other))),
                user -> patch(user, Map.of("roles", List.of("INSPECTOR"))),
                user -> patch(user, Map.of("password", "another-long-password-42", "mustChangePassword", false)));
        for (Consumer<String> change : changes) {
            String director = staff("DIRECTOR", false, uai);
            HttpClient browser = signIn(director, PASSWORD);
            assertThat(get(browser, "/schools/" + uai).statusCode()).isEqualTo(200);

            change.accept(director);

            HttpResponse<String> after = get(browser, "/schools/" + uai);
            assertThat(after.statusCode()).as(director).isEqualTo(302);
            assertThat(after.headers().firstValue("Location").orElse("")).startsWith("/login");
            assertThat(get(browser, "/schools/" + uai).statusCode()).isEqualTo(302);
        }
    }

    @Test
    void an_unchanged_user_keeps_their_session_and_other_users_changes_do_not_end_it() throws Exception {
        String uai = registerSchool("École du Môle");
        String director = staff("DIRECTOR", false, uai);
        String colleague = staff("DIRECTOR", false, uai);
        HttpClient browser = signIn(director, PASSWORD);
        patch(colleague, Map.of("enabled", false));
        assertThat(get(browser, "/schools/" + uai).statusCode()).isEqualTo(200);
        assertThat(get(browser, "/schools/" + uai).statusCode()).isEqualTo(200);
    }

    @Test
    void a_password_set_by_an_administrator_must_be_changed_first() throws Exception {
        String uai = registerSchool("École de la Criée");
        String director = staff("DIRECTOR", true, uai);
        HttpClient browser = signIn(director, PASSWORD);
        for (String path : List.of("/", "/schools/" + uai, "/reports")) {
            HttpResponse<String> response = get(browser, path);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElse("")).as(path).isEqualTo("/mon-compte");
        }
        assertThat(get(browser, "/css/app.css").statusCode()).isEqualTo(200);
        assertThat(get(browser, "/mon-compte").statusCode()).isNotEqualTo(302);

        // changing it (here through the API, as the page does through the same service) lifts the redirect
        Api.Response changed = user(director).post("/api/me/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "my-own-long-password-7"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        HttpClient again = signIn(director, "my-own-long-password-7");
        assertThat(get(again, "/schools/" + uai).statusCode()).isEqualTo(200);
    }

    @Test
    void choosing_ones_own_password_on_my_account_lifts_the_redirect_and_keeps_the_session() throws Exception {
        String uai = registerSchool("École de la Digue");
        String director = staff("DIRECTOR", true, uai);
        HttpClient browser = signIn(director, PASSWORD);
        assertThat(get(browser, "/schools/" + uai).statusCode()).isEqualTo(302);
        String token = token(get(browser, "/mon-compte").body());
        HttpResponse<String> changed = browser.send(HttpRequest.newBuilder(uri("/mon-compte/mot-de-passe"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("currentPassword=" + PASSWORD
                        + "&newPassword=my-own-long-password-9&confirmation=my-own-long-password-9&_csrf=" + token))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(302);
        assertThat(get(browser, "/schools/" + uai).statusCode()).isEqualTo(200);
        assertThat(user(director).get("/api/me").status()).isEqualTo(401);
    }

    private void patch(String username, Map<String, Object> change) {
        Api.Response response = admin().patch("/api/users/" + username, new HashMap<>(change), Map.of());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private HttpClient signIn(String username, String password) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String token = token(get(client, "/login").body());
        HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).isEqualTo("/");
        return client;
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String token(String html) throws IOException {
        Matcher matcher = TOKEN.matcher(html);
        if (!matcher.find()) {
            throw new IOException("No CSRF token in the page");
        }
        return URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
    }
}
