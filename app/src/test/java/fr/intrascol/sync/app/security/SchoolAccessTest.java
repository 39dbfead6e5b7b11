package fr.intrascol.sync.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint, tried by a director of one school on another school's data, by an inspector who may
 * only read, and by nobody: each is refused, and nothing changes.
 */
class SchoolAccessTest extends IntegrationTest {

    private String schoolA;
    private String schoolB;
    private String accountB;
    private Api directorA;
    private Api inspectorB;

    @BeforeEach
    void twoSchools() {
        schoolA = registerSchool("École A");
        schoolB = registerSchool("École B");
        accountB = createPupil(admin(), schoolB, "ROBERT", "Emma", "2018-09-09", "CE1").get("accountId").asText();
        directorA = user(createUser("DIRECTOR", schoolA));
        inspectorB = user(createUser("INSPECTOR", schoolB));
    }

    private static Map<String, Object> pupil() {
        return Map.of("role", "PUPIL", "lastName", "INTRUS", "firstName", "Max", "birthDate", "2018-01-01",
                "level", "CE1");
    }

    private List<Request> everyEndpointOnSchoolB() {
        return List.of(
                new Request("GET", "/api/schools/" + schoolB, null),
                new Request("POST", "/api/schools/" + schoolB + "/accounts", pupil()),
                new Request("GET", "/api/schools/" + schoolB + "/accounts", null),
                new Request("GET", "/api/accounts/" + accountB, null),
                new Request("PATCH", "/api/accounts/" + accountB, Map.of("firstName", "Intrus", "reason", "x")),
                new Request("POST", "/api/accounts/" + accountB + "/password-reset", Map.of()),
                new Request("GET", "/api/accounts/" + accountB + "/history", null),
                new Request("GET", "/api/audit?school=" + schoolB, null),
                new Request("POST", "/api/schools", Map.of("uai", newUai(), "name", "Intruse")),
                new Request("POST", "/api/users", Map.of("username", "sneaky", "password", PASSWORD,
                        "roles", List.of("ADMIN"), "schools", List.of())),
                new Request("GET", "/api/users", null),
                new Request("PATCH", "/api/users/admin", Map.of("password", "taken-over-password")),
                new Request("GET", "/api/admin/projections", null),
                new Request("POST", "/api/admin/projections/accounts/rebuild", null),
                new Request("GET", "/actuator/metrics", null));
    }

    record Request(String method, String path, Object body) {
        Api.Response by(Api api) {
            return api.send(method, path, body, Map.of());
        }
    }

    @Test
    void a_director_is_refused_every_endpoint_of_another_school_and_nothing_changes() {
        for (Request request : everyEndpointOnSchoolB()) {
            Api.Response response = request.by(directorA);
            assertThat(response.status()).as(request + " -> " + response).isEqualTo(403);
            assertThat(response.header("Content-Type")).as(request.toString()).contains("application/problem+json");
        }
        JsonNode account = admin().get("/api/accounts/" + accountB).json();
        assertThat(account.get("firstName").asText()).isEqualTo("Emma");
        assertThat(account.get("version").asLong()).isEqualTo(1);
        assertThat(admin().get("/api/schools/" + schoolB + "/accounts").json()).hasSize(1);
        assertThat(admin().get("/api/users").body()).doesNotContain("sneaky");
    }

    @Test
    void a_director_works_on_their_own_school_and_sees_only_it() {
        JsonNode pupil = createPupil(directorA, schoolA, "LEROY", "Jade", "2017-11-11", "CE2");
        assertThat(admin().get("/api/accounts/" + pupil.get("accountId").asText() + "/history").json().get(0)
                .get("actor").asText()).startsWith("director-");

        JsonNode schools = directorA.get("/api/schools").json();
        assertThat(schools).hasSize(1);
        assertThat(schools.get(0).get("uai").asText()).isEqualTo(schoolA);

        JsonNode audit = directorA.get("/api/audit?size=500").json();
        audit.get("items").forEach(item -> assertThat(item.get("uai").asText()).isEqualTo(schoolA));
        assertThat(audit.get("total").asLong()).isEqualTo(1);
        assertThat(directorA.get("/api/me").json().get("schools").get(0).asText()).isEqualTo(schoolA);
    }

    @Test
    void an_inspector_reads_their_schools_and_changes_nothing() {
        assertThat(inspectorB.get("/api/schools/" + schoolB + "/accounts").status()).isEqualTo(200);
        assertThat(inspectorB.get("/api/accounts/" + accountB + "/history").status()).isEqualTo(200);
        assertThat(inspectorB.get("/api/audit?school=" + schoolB).status()).isEqualTo(200);

        Api.Response create = inspectorB.post("/api/schools/" + schoolB + "/accounts", pupil());
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("detail").asText()).contains("read-only");
        assertThat(inspectorB.patch("/api/accounts/" + accountB, Map.of("firstName", "X"), Map.of()).status())
                .isEqualTo(403);
        assertThat(inspectorB.post("/api/accounts/" + accountB + "/password-reset", Map.of()).status())
                .isEqualTo(403);
        assertThat(inspectorB.get("/api/schools/" + schoolA + "/accounts").status()).isEqualTo(403);
        assertThat(admin().get("/api/accounts/" + accountB).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void nobody_signed_in_gets_401_and_a_wrong_password_too() {
        for (Request request : everyEndpointOnSchoolB()) {
            Api.Response response = request.by(anonymous());
            assertThat(response.status()).as(request + " -> " + response).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).contains("Basic");
        }
        assertThat(admin().as("admin", "wrong-password").get("/api/schools").status()).isEqualTo(401);
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void users_are_created_by_an_administrator_with_checked_input() {
        Api.Response shortPassword = admin().post("/api/users", Map.of("username", "x1", "password", "short",
                "roles", List.of("DIRECTOR"), "schools", List.of(schoolA)));
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.json().get("field").asText()).isEqualTo("password");
        Api.Response noSchool = admin().post("/api/users", Map.of("username", "x2", "password", PASSWORD,
                "roles", List.of("DIRECTOR"), "schools", List.of()));
        assertThat(noSchool.status()).isEqualTo(400);
        Api.Response badRole = admin().post("/api/users", Map.of("username", "x3", "password", PASSWORD,
                "roles", List.of("GOD"), "schools", List.of(schoolA)));
        assertThat(badRole.status()).isEqualTo(400);

        Api.Response bothRoles = admin().post("/api/users", Map.of("username", "x4", "password", PASSWORD,
                "roles", List.of("DIRECTOR", "INSPECTOR"), "schools", List.of(schoolA, schoolB)));
        assertThat(bothRoles.status()).isEqualTo(400);
        assertThat(bothRoles.json().get("detail").asText()).contains("not both");
        Api.Response tooLong = admin().post("/api/users", Map.of("username", "x5", "password", "é".repeat(40),
                "roles", List.of("DIRECTOR"), "schools", List.of(schoolA)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("detail").asText()).contains("too long");

        String name = createUser("DIRECTOR", schoolA);
        Api.Response duplicate = admin().post("/api/users", Map.of("username", name, "password", PASSWORD,
                "roles", List.of("DIRECTOR"), "schools", List.of(schoolA)));
        assertThat(duplicate.status()).isEqualTo(409);
        JsonNode users = admin().get("/api/users").json();
        assertThat(users.toString()).doesNotContain(PASSWORD).doesNotContain("$2a$");
    }

    @Test
    void an_administrator_changes_what_a_user_may_do_and_it_applies_at_once() {
        String name = createUser("DIRECTOR", schoolA);
        Api director = user(name);
        assertThat(director.get("/api/schools/" + schoolB + "/accounts").status()).isEqualTo(403);

        Api.Response moved = admin().send("PATCH", "/api/users/" + name,
                Map.of("schools", List.of(schoolA, schoolB)), Map.of());
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(director.get("/api/schools/" + schoolB + "/accounts").status()).isEqualTo(200);

        assertThat(admin().send("PATCH", "/api/users/" + name, Map.of("enabled", false), Map.of()).status())
                .isEqualTo(200);
        assertThat(director.get("/api/schools/" + schoolA + "/accounts").status()).isEqualTo(401);
        assertThat(admin().get("/api/users/" + name).json().get("enabled").asBoolean()).isFalse();

        Api.Response selfDemotion = admin().send("PATCH", "/api/users/admin", Map.of("roles", List.of("DIRECTOR"),
                "schools", List.of(schoolA)), Map.of());
        assertThat(selfDemotion.status()).isEqualTo(400);
        Api.Response selfDisabling = admin().send("PATCH", "/api/users/admin", Map.of("enabled", false), Map.of());
        assertThat(selfDisabling.json().get("field").asText()).isEqualTo("enabled");
        assertThat(admin().send("PATCH", "/api/users/nobody-here", Map.of("enabled", true), Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void the_api_keeps_no_session_so_a_cookie_alone_never_authenticates() {
        Api.Response signedIn = admin().get("/api/me");
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.header("Set-Cookie")).isNull();
        Api.Response cookieOnly = anonymous().send("GET", "/api/me", null, Map.of("Cookie", "JSESSIONID=anything"));
        assertThat(cookieOnly.status()).isEqualTo(401);
    }

    @Test
    void anyone_changes_their_own_password_with_the_current_one() {
        String name = createUser("INSPECTOR", schoolB);
        Api inspector = user(name);
        Api.Response wrong = inspector.post("/api/me/password", Map.of("currentPassword", "not-it",
                "newPassword", "a-brand-new-password"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("field").asText()).isEqualTo("currentPassword");
        assertThat(inspector.post("/api/me/password", Map.of("currentPassword", PASSWORD, "newPassword", "short"))
                .json().get("field").asText()).isEqualTo("newPassword");
        assertThat(inspector.post("/api/me/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "a-brand-new-password")).status()).isEqualTo(204);
        assertThat(inspector.get("/api/me").status()).isEqualTo(401);
        assertThat(inspector.as(name, "a-brand-new-password").get("/api/me").status()).isEqualTo(200);
        assertThat(admin().get("/api/users/" + name).json().get("roles").get(0).asText()).isEqualTo("INSPECTOR");
    }
}
