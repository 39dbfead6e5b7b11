package fr.intrascol.sync.app.users;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The password policy, forced password change, API tokens and the audit of user administration, on the API. */
class UserSecurityApiTest extends IntegrationTest {

    private String staff(String role, boolean mustChange, String... schools) {
        String username = role.toLowerCase() + "-" + newUai().toLowerCase();
        Api.Response response = admin().post("/api/users", Map.of("username", username, "password", PASSWORD,
                "roles", List.of(role), "schools", List.of(schools), "mustChangePassword", mustChange));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return username;
    }

    private Api.Response patch(String username, Map<String, Object> change) {
        return admin().patch("/api/users/" + username, new HashMap<>(change), Map.of());
    }

    /** GETs with {@code Authorization: Bearer}. */
    private record Bearer(Api api, String token) {
        Api.Response get(String path) {
            return api.send("GET", path, null, Map.of("Authorization", "Bearer " + token));
        }
    }

    private Bearer bearer(String token) {
        return new Bearer(anonymous(), token);
    }

    @Test
    void creation_and_password_changes_follow_the_policy() {
        String uai = registerSchool("École des Sternes");
        String name = "director-" + newUai().toLowerCase();
        for (String bad : List.of("short-pass", "1qaz2wsx3edc", "xx" + name + "xx")) {
            Api.Response refused = admin().post("/api/users", Map.of("username", name, "password", bad,
                    "roles", List.of("DIRECTOR"), "schools", List.of(uai)));
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("password");
        }
        String director = staff("DIRECTOR", false, uai);
        assertThat(patch(director, Map.of("password", "qwerty123456")).status()).isEqualTo(400);
        Api.Response own = user(director).post("/api/me/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "1q2w3e4r5t6y"));
        assertThat(own.status()).isEqualTo(400);
        assertThat(own.body()).contains("newPassword");
    }

    @Test
    void a_user_created_or_reset_by_an_administrator_must_change_their_password_first() {
        String uai = registerSchool("École des Cormorans");
        String director = "director-" + newUai().toLowerCase();
        Api.Response created = admin().post("/api/users", Map.of("username", director, "password", PASSWORD,
                "roles", List.of("DIRECTOR"), "schools", List.of(uai)));
        assertThat(created.json().get("mustChangePassword").asBoolean()).isTrue();

        Api.Response refused = user(director).get("/api/me");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).endsWith("/password-change-required");
        assertThat(user(director).get("/api/schools/" + uai + "/accounts").status()).isEqualTo(403);

        assertThat(user(director).post("/api/me/password", Map.of("currentPassword", "wrong-one-here",
                "newPassword", "my-own-long-password-1")).status()).isEqualTo(400);
        assertThat(user(director).post("/api/me/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "my-own-long-password-1")).status()).isEqualTo(204);
        Api me = Api.at(port, director, "my-own-long-password-1");
        assertThat(me.get("/api/me").status()).isEqualTo(200);
        assertThat(me.get("/api/me").json().get("mustChangePassword").asBoolean()).isFalse();

        assertThat(patch(director, Map.of("password", "reset-by-the-admin-22")).status()).isEqualTo(200);
        Api reset = Api.at(port, director, "reset-by-the-admin-22");
        assertThat(reset.get("/api/me").json().get("type").asText()).endsWith("/password-change-required");
    }

    @Test
    void api_tokens_authenticate_without_a_password_until_revoked_or_the_user_is_disabled() {
        String uai = registerSchool("École des Pétrels");
        String director = staff("DIRECTOR", false, uai);
        Api.Response issued = admin().post("/api/users/" + director + "/tokens", Map.of("label", "nightly export"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String token = issued.json().get("token").asText();
        String tokenId = issued.json().get("tokenId").asText();
        assertThat(token).hasSizeGreaterThan(40);
        assertThat(issued.json().get("label").asText()).isEqualTo("nightly export");
        assertThat(issued.json().get("createdAt").isNull()).isFalse();

        Api.Response me = bearer(token).get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo(director);
        assertThat(bearer(token).get("/api/schools/" + uai + "/accounts").status()).isEqualTo(200);
        assertThat(bearer(token + "x").get("/api/me").status()).isEqualTo(401);
        assertThat(bearer(token).get("/api/users").status()).isEqualTo(403);

        JsonNode listed = admin().get("/api/users/" + director + "/tokens").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("tokenId").asText()).isEqualTo(tokenId);
        assertThat(listed.get(0).has("token")).isFalse();
        assertThat(listed.get(0).get("lastUsedAt").isNull()).isFalse();
        assertThat(listed.toString()).doesNotContain(token);
        assertThat(user(director).get("/api/users/" + director + "/tokens").status()).isEqualTo(403);

        assertThat(patch(director, Map.of("enabled", false)).status()).isEqualTo(200);
        assertThat(bearer(token).get("/api/me").status()).isEqualTo(401);
        assertThat(patch(director, Map.of("enabled", true)).status()).isEqualTo(200);
        assertThat(bearer(token).get("/api/me").status()).isEqualTo(200);

        assertThat(admin().send("DELETE", "/api/users/" + director + "/tokens/" + tokenId, null, Map.of()).status())
                .isEqualTo(204);
        assertThat(bearer(token).get("/api/me").status()).isEqualTo(401);
        assertThat(admin().get("/api/users/" + director + "/tokens").json()).isEmpty();
        assertThat(admin().send("DELETE", "/api/users/" + director + "/tokens/" + tokenId, null, Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void user_administration_is_audited_without_passwords_or_tokens() {
        String uai = registerSchool("École des Fous-de-Bassan");
        String other = registerSchool("École des Macareux");
        String director = staff("DIRECTOR", false, uai);
        patch(director, Map.of("enabled", false));
        patch(director, Map.of("enabled", true));
        patch(director, Map.of("schools", List.of(other)));
        patch(director, Map.of("roles", List.of("INSPECTOR")));
        patch(director, Map.of("password", "reset-by-the-admin-33"));
        Api.Response issued = admin().post("/api/users/" + director + "/tokens", Map.of("label", "script"));
        String token = issued.json().get("token").asText();
        admin().send("DELETE", "/api/users/" + director + "/tokens/" + issued.json().get("tokenId").asText(), null,
                Map.of());

        Api.Response page = admin().get("/api/admin/user-audit?user=" + director + "&page=0&size=50");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().get("total").asLong()).isEqualTo(10);
        List<String> actions = new ArrayList<>();
        page.json().get("items").forEach(item -> {
            actions.add(item.get("action").asText());
            assertThat(item.get("actor").asText()).isEqualTo("admin");
            assertThat(item.get("target").asText()).isEqualTo(director);
            assertThat(item.get("at").isNull()).isFalse();
        });
        assertThat(actions).containsExactly("TOKEN_REVOKED", "TOKEN_ISSUED", "PASSWORD_RESET", "ROLE_REMOVED",
                "ROLE_ADDED", "SCHOOL_REMOVED", "SCHOOL_ADDED", "USER_ENABLED", "USER_DISABLED", "USER_CREATED")
                .hasSize(10).doesNotHaveDuplicates();
        assertThat(page.body()).doesNotContain("reset-by-the-admin-33").doesNotContain(PASSWORD).doesNotContain(token);

        Api.Response second = admin().get("/api/admin/user-audit?user=" + director + "&page=1&size=4");
        assertThat(second.json().get("items")).hasSize(4);
        assertThat(second.json().get("total").asLong()).isEqualTo(10);
        assertThat(user(staff("DIRECTOR", false, uai)).get("/api/admin/user-audit").status()).isEqualTo(403);
    }
}
