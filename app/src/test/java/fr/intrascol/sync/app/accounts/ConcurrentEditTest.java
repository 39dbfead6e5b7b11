package fr.intrascol.sync.app.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Race;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two people editing one school at once: one wins, the other is told, and nothing is lost. */
class ConcurrentEditTest extends IntegrationTest {

    @Test
    void two_edits_of_one_account_from_the_same_version_one_wins_the_other_gets_409() throws Exception {
        String uai = registerSchool("École Jean-Moulin");
        String id = createPupil(admin(), uai, "FAURE", "Nina", "2018-04-04", "CE1").get("accountId").asText();
        Api director1 = user(createUser("DIRECTOR", uai));
        Api director2 = user(createUser("DIRECTOR", uai));

        List<Api.Response> responses = Race.run(
                () -> director1.patch("/api/accounts/" + id, Map.of("firstName", "Ninon", "reason", "état civil"),
                        Map.of("If-Match", "\"1\"")),
                () -> director2.patch("/api/accounts/" + id, Map.of("classGroup", "CE1 B", "reason", "changement"),
                        Map.of("If-Match", "\"1\"")));

        List<Integer> statuses = responses.stream().map(Api.Response::status).sorted().toList();
        assertThat(statuses).as(responses.toString()).containsExactly(200, 409);
        Api.Response loser = responses.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(loser.json().get("type").asText()).endsWith("/concurrent-modification");
        assertThat(loser.json().get("detail").asText()).contains("Reload");

        JsonNode history = admin().get("/api/accounts/" + id + "/history").json();
        assertThat(history).hasSize(2);
        JsonNode account = admin().get("/api/accounts/" + id).json();
        assertThat(account.get("version").asLong()).isEqualTo(2);

        // the loser reloads and applies their change on top: both changes are kept
        Api loserApi = loser == responses.get(0) ? director1 : director2;
        Map<String, Object> retry = loser == responses.get(0)
                ? Map.of("firstName", "Ninon", "reason", "état civil")
                : Map.of("classGroup", "CE1 B", "reason", "changement");
        Api.Response retried = loserApi.patch("/api/accounts/" + id, retry, Map.of("If-Match", "\"2\""));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("firstName").asText()).isEqualTo("Ninon");
        assertThat(retried.json().get("classGroup").asText()).isEqualTo("CE1 B");
    }

    @Test
    void simultaneous_edits_of_different_accounts_of_one_school_both_succeed() throws Exception {
        String uai = registerSchool("École Jean-Zay");
        String first = createPupil(admin(), uai, "GIRARD", "Tom", "2018-05-05", "CE1").get("accountId").asText();
        String second = createPupil(admin(), uai, "GIRARD", "Léo", "2016-05-05", "CM1").get("accountId").asText();

        List<Api.Response> responses = Race.run(
                () -> admin().patch("/api/accounts/" + first, Map.of("classGroup", "CE1 C"), Map.of("If-Match", "\"1\"")),
                () -> admin().patch("/api/accounts/" + second, Map.of("classGroup", "CM1 C"), Map.of("If-Match", "\"1\"")));
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    }
}
