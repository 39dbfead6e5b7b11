package fr.intrascol.sync.app.projection;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.testsupport.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a projection cannot apply an event, it does not skip it: health turns DOWN, the processor
 * retries, and once the cause is gone the read model catches up with nothing lost.
 */
class ProjectionFailureTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_failing_projection_retries_instead_of_skipping_and_catches_up() throws Exception {
        String uai = registerSchool("École Panne");
        Map<String, Object> school = jdbc.sql("SELECT * FROM school WHERE uai = ?").param(uai).query().singleRow();
        // the read model loses its school row: the next account of that school cannot be projected
        jdbc.sql("DELETE FROM school WHERE uai = ?").param(uai).update();

        Api.Response created = admin().post("/api/schools/" + uai + "/accounts", Map.of("role", "STAFF",
                "lastName", "VIDAL", "firstName", "Rose", "reason", "secrétariat"));
        assertThat(created.status()).as("stored, but not yet visible").isEqualTo(202);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(uai)
                .query(Long.class).single()).isEqualTo(2);
        var health = admin().get("/actuator/health").json();
        assertThat(health.get("status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/components/eventProcessors/details/accounts/segmentsInError").asInt()).isPositive();

        jdbc.sql("INSERT INTO school (uai, name, login_max_length, registered_at) VALUES (?, ?, ?, ?)")
                .params(uai, school.get("name"), school.get("login_max_length"), school.get("registered_at")).update();

        Eventually.until("the failed batch retried once the school is there", Duration.ofSeconds(90),
                () -> !jdbc.sql("SELECT login FROM account WHERE uai = ?").param(uai).query(String.class).list()
                        .isEmpty());
        assertThat(jdbc.sql("SELECT login FROM account WHERE uai = ?").param(uai).query(String.class).list())
                .containsExactly("rose.vidal");
        Eventually.until("health UP again", Duration.ofSeconds(90),
                () -> "UP".equals(admin().get("/actuator/health").json().get("status").asText()));
    }
}
