package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access to a school's data is checked in one place, {@link SchoolAccessGuard}, so this test does not list
 * endpoints by hand: it walks every handler the application maps — API and pages, today's and any added
 * later — that addresses a school (its UAI, one of its imports or accounts), and sends each, with each of
 * its methods, as a director of another school (every one refused, nothing changed) and as an inspector of
 * that school (reads let through, changes and forms that prepare them refused).
 */
class SchoolAccessGuardTest extends IntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z]+)(?::([^}]*))?}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private String schoolA;
    private String schoolB;
    private String accountB;
    private String importB;

    @BeforeEach
    void twoSchools() {
        schoolA = registerSchool("École A");
        schoolB = registerSchool("École B");
        importB = importPupils(schoolB, "ROBERT;;Emma;09/09/2018;F;;CE1;CE1 A");
        accountB = admin().get("/api/schools/" + schoolB + "/accounts").json().get(0).get("accountId").asText();
    }

    /** One request a handler answers, with the school's values in its path. */
    record Call(String method, String path, boolean multipart, boolean write) {
        boolean page() {
            return !path.startsWith("/api/");
        }
    }

    private List<Call> everyCallOnSchoolB() {
        List<Call> calls = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            boolean multipart = info.getConsumesCondition().getConsumableMediaTypes().contains(MediaType.MULTIPART_FORM_DATA);
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                String path = concrete(pattern);
                if (path == null) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    boolean write = method != RequestMethod.GET
                            || entry.getValue().hasMethodAnnotation(SchoolWrite.class);
                    calls.add(new Call(method.name(), path, multipart, write));
                }
            }
        }
        return calls;
    }

    /** The pattern with school B's values, or null when it does not address a school's data. */
    private String concrete(String pattern) {
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        boolean school = false;
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = switch (name) {
                case "uai" -> schoolB;
                case "importId" -> importB;
                case "accountId" -> accountB;
                case "id" -> pattern.startsWith("/accounts/") || pattern.startsWith("/api/accounts/") ? accountB : null;
                case "action" -> matcher.group(2).replaceAll("[()]", "").split("\\|")[0];
                default -> null;
            };
            if (value == null) {
                return null;
            }
            school |= !"action".equals(name);
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return school ? path.toString() : null;
    }

    @Test
    void the_walk_covers_the_api_and_the_pages_of_a_school() {
        List<Call> calls = everyCallOnSchoolB();
        assertThat(calls).extracting(Call::path).contains("/api/schools/" + schoolB + "/accounts",
                "/schools/" + schoolB + "/accounts", "/api/imports/" + importB, "/imports/" + importB + "/plan",
                "/api/accounts/" + accountB, "/accounts/" + accountB);
        assertThat(calls).filteredOn(Call::page).hasSizeGreaterThan(20);
        assertThat(calls).filteredOn(c -> !c.page()).hasSizeGreaterThan(15);
    }

    @Test
    void a_director_of_another_school_is_refused_every_request_and_nothing_changes() throws Exception {
        Session director = new Session(createUser("DIRECTOR", schoolA));
        for (Call call : everyCallOnSchoolB()) {
            Answer response = director.send(call);
            assertThat(response.status()).as(call + " -> " + response.body()).isEqualTo(403);
            if (call.page()) {
                assertThat(response.body()).as(call.toString()).contains("Accès refusé");
            } else {
                assertThat(response.contentType()).as(call.toString())
                        .contains("application/problem+json");
            }
        }
        assertThat(admin().get("/api/accounts/" + accountB).json().get("version").asLong()).isEqualTo(1);
        assertThat(admin().get("/api/schools/" + schoolB + "/accounts").json()).hasSize(1);
        assertThat(admin().get("/api/imports/" + importB).json().get("status").asText()).isEqualTo("APPLIED");
    }

    @Test
    void an_inspector_reads_the_school_and_every_change_or_form_of_one_is_refused() throws Exception {
        Session inspector = new Session(createUser("INSPECTOR", schoolB));
        for (Call call : everyCallOnSchoolB()) {
            Answer response = inspector.send(call);
            if (call.write()) {
                assertThat(response.status()).as(call + " -> " + response.body()).isEqualTo(403);
            } else {
                assertThat(response.status()).as(call + " -> " + response.body()).isNotIn(401, 403, 500);
            }
        }
        assertThat(admin().get("/api/accounts/" + accountB).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void an_import_or_account_that_does_not_exist_is_not_found_and_a_named_school_in_a_parameter_is_checked()
            throws Exception {
        Session director = new Session(createUser("DIRECTOR", schoolA));
        assertThat(director.send(new Call("GET", "/api/imports/0f0f0f0f-0000-4000-8000-000000000000", false, false))
                .status()).isEqualTo(404);
        assertThat(director.send(new Call("GET", "/api/audit?school=" + schoolB, false, false)).status())
                .isEqualTo(403);
        assertThat(director.send(new Call("GET", "/api/reports/history?schools=" + schoolA + "," + schoolB
                + "&from=2026-01-01&to=2026-12-31", false, false)).status()).isEqualTo(403);
        assertThat(director.send(new Call("GET", "/api/audit?school=" + schoolA, false, false)).status())
                .isEqualTo(200);
    }

    /** What came back: the status, the body and its type. */
    record Answer(int status, String body, String contentType) {
    }

    /** A user signed in twice: HTTP Basic for the API, a session with its CSRF token for the pages. */
    private final class Session {
        private final Api api;
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String csrf;

        Session(String username) throws Exception {
            this.api = user(username);
            String login = client.send(get("/login"), HttpResponse.BodyHandlers.ofString()).body();
            HttpResponse<String> signedIn = client.send(form("POST", "/login", "username=" + username + "&password="
                    + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + encoded(token(login))),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
            this.csrf = token(client.send(get("/mon-compte"), HttpResponse.BodyHandlers.ofString()).body());
        }

        Answer send(Call call) throws Exception {
            if (!call.page()) {
                Api.Response response = call.multipart()
                        ? api.upload(call.path(), "CSVExtraction.csv", "Nom élève;Prénom élève\r\n".getBytes(StandardCharsets.UTF_8))
                        : api.send(call.method(), call.path(), "GET".equals(call.method()) ? null : Map.of(), Map.of());
                return new Answer(response.status(), response.body(), String.valueOf(response.header("Content-Type")));
            }
            HttpRequest request;
            if ("GET".equals(call.method())) {
                request = get(call.path());
            } else if (call.multipart()) {
                String boundary = "guard-test-boundary";
                String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\nNom élève;Prénom élève\r\n--" + boundary + "--\r\n";
                request = HttpRequest.newBuilder(uri(call.path()))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("X-CSRF-TOKEN", csrf)
                        .method(call.method(), HttpRequest.BodyPublishers.ofString(body)).build();
            } else {
                request = form(call.method(), call.path(), "_csrf=" + encoded(csrf) + "&reason=essai");
            }
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private HttpRequest form(String method, String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String token(String html) throws IOException {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new IOException("No CSRF token in the page");
        }
        return matcher.group(1);
    }
}
