package fr.intrascol.sync.app.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.SearchScope;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Schools;
import fr.intrascol.sync.testsupport.Eventually;
import fr.intrascol.sync.testsupport.InMemoryDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter queue of the IntraScol projector seen through the API, the health endpoint and the
 * metrics. The automatic retry timer is pushed out to an hour in this class's own application context
 * (hence its own database: the only dead letters are this class's), so whatever leaves the queue here
 * left it through {@code POST …/target/dead-letters/retry}.
 */
@TestPropertySource(properties = {
        "intrascol.projector.dead-letter-retry-interval=1h",
        "intrascol.projector.dead-letter-max-pause=1h"})
@DirtiesContext
class DeadLetterRetryApiTest extends IntegrationTest {

    private static final String BIND_PASSWORD = "bind-secret-0815";
    private static final String BASE = "dc=retry,dc=test";
    private final List<InMemoryDirectoryServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.shutDown(true));
    }

    private InMemoryDirectoryServer ldap(int port) throws Exception {
        InMemoryDirectoryServer server = InMemoryDirectory.start(BASE, BIND_PASSWORD, port, true);
        servers.add(server);
        return server;
    }

    private static int freePort() throws Exception {
        return InMemoryDirectory.freePort();
    }

    private JsonNode status(String uai) {
        return admin().get("/api/schools/" + uai + "/target/status").json();
    }

    private JsonNode targetsHealth() {
        Api.Response health = admin().get("/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        JsonNode component = health.json().at("/components/intrascolTargets");
        assertThat(component.isMissingNode()).as("the projector's health component: " + health).isFalse();
        return component;
    }

    /** The single measurement of a meter ({@code VALUE} for a gauge, {@code COUNT} for a counter). */
    private double meter(String name, String statistic) {
        Api.Response metric = admin().get("/actuator/metrics/" + name);
        assertThat(metric.status()).as(metric.toString()).isEqualTo(200);
        for (JsonNode measurement : metric.json().get("measurements")) {
            if (measurement.get("statistic").asText().equals(statistic)) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no " + statistic + " in " + metric);
    }

    @Test
    void dead_letters_wait_for_the_api_retry_which_answers_the_count_and_health_and_metrics_show_them()
            throws Exception {
        String uai = registerSchool("École des Remparts");
        int port = freePort();
        InMemoryDirectoryServer server = ldap(port);
        Map<String, Object> target = new HashMap<>();
        target.put("type", "LDAP");
        target.put("url", "ldap://127.0.0.1:" + port);
        target.put("bindDn", "cn=admin," + BASE);
        target.put("password", BIND_PASSWORD);
        target.put("baseDn", BASE);
        assertThat(admin().send("PUT", "/api/schools/" + uai + "/target", target, Map.of()).status()).isEqualTo(200);
        createPupil(admin(), uai, "AVANT", "Anna", "2019-01-02", "CP");
        Schools.awaitPushed(admin(), uai);

        JsonNode healthy = targetsHealth();
        assertThat(healthy.get("status").asText()).isEqualTo("UP");
        assertThat(healthy.at("/details/deadLetters").asLong()).isZero();
        assertThat(healthy.at("/details/schoolsWaiting").asLong()).isZero();
        double pushesBefore = meter("intrascol.projector.pushes", "COUNT");
        assertThat(pushesBefore).as("the first pupil was pushed").isGreaterThanOrEqualTo(1);
        assertThat(meter("intrascol.projector.dead.letters", "VALUE")).isZero();
        assertThat(meter("intrascol.projector.lag", "VALUE")).isZero();
        assertThat(meter("intrascol.projector.failures", "COUNT")).isZero();

        // the server goes down: three pupils created meanwhile wait in the dead-letter queue
        server.shutDown(true);
        List<JsonNode> waiting = List.of(
                createPupil(admin(), uai, "PENDANT", "Paul", "2019-01-03", "CP"),
                createPupil(admin(), uai, "PENDANT", "Pia", "2019-01-04", "CP"),
                createPupil(admin(), uai, "PENDANT", "Pol", "2019-01-05", "CP"));
        Eventually.until("the three pupils' changes in the dead-letter queue", Duration.ofSeconds(20),
                () -> status(uai).get("deadLetters").asLong() >= 3 && status(uai).get("lag").asLong() >= 3);
        JsonNode down = status(uai);
        long letters = down.get("deadLetters").asLong();
        assertThat(down.get("failures").asLong()).isPositive();
        assertThat(down.get("lastError").asText()).contains("cannot be reached");

        // health: the application stays UP, the component counts what waits
        JsonNode health = targetsHealth();
        assertThat(health.get("status").asText()).as("a school server down does not make the application DOWN")
                .isEqualTo("UP");
        assertThat(health.at("/details/deadLetters").asLong()).as(health.toString()).isEqualTo(letters);
        assertThat(health.at("/details/schoolsWaiting").asLong()).isEqualTo(1);
        assertThat(health.at("/details/failedAttempts").asLong()).isGreaterThanOrEqualTo(down.get("failures").asLong());
        assertThat(health.at("/details/lag").asLong()).isGreaterThanOrEqualTo(down.get("lag").asLong());
        assertThat(anonymous().get("/actuator/health").body()).as("details for administrators only")
                .doesNotContain("intrascolTargets");
        // metrics: the same numbers
        assertThat(meter("intrascol.projector.dead.letters", "VALUE")).isEqualTo(letters);
        assertThat(meter("intrascol.projector.schools.waiting", "VALUE")).isEqualTo(1);
        assertThat(meter("intrascol.projector.lag", "VALUE")).isGreaterThanOrEqualTo(down.get("lag").asLong());
        assertThat(meter("intrascol.projector.failures", "COUNT")).isGreaterThanOrEqualTo(down.get("failures").asLong());
        assertThat(meter("intrascol.projector.pushes", "COUNT")).isEqualTo(pushesBefore);

        // a retry while the server is still down pushes nothing and loses nothing
        Api.Response stillDown = admin().post("/api/schools/" + uai + "/target/dead-letters/retry", Map.of());
        assertThat(stillDown.status()).as(stillDown.toString()).isEqualTo(200);
        assertThat(stillDown.json().get("retried").asInt()).isZero();
        assertThat(stillDown.json().at("/status/deadLetters").asLong()).isEqualTo(letters);

        // the server comes back on the same port; with the timer an hour away, nothing moves by itself
        InMemoryDirectoryServer back = ldap(port);
        for (Entry entry : server.search(BASE, SearchScope.SUB, "(objectClass=*)").getSearchEntries()) {
            if (back.getEntry(entry.getDN()) == null) {
                back.add(entry);
            }
        }
        Thread.sleep(3000);
        assertThat(status(uai).get("deadLetters").asLong()).as("no automatic retry within the hour")
                .isEqualTo(letters);
        Api.Response inspector = user(createUser("INSPECTOR", uai))
                .post("/api/schools/" + uai + "/target/dead-letters/retry", Map.of());
        assertThat(inspector.status()).as("an inspector only reads").isEqualTo(403);
        assertThat(status(uai).get("deadLetters").asLong()).isEqualTo(letters);

        Api.Response retry = user(createUser("DIRECTOR", uai))
                .post("/api/schools/" + uai + "/target/dead-letters/retry", Map.of());
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.json().get("retried").asLong()).as(retry.toString()).isEqualTo(letters);
        assertThat(retry.json().at("/status/deadLetters").asLong()).isZero();
        assertThat(retry.json().at("/status/lag").asLong()).isZero();
        JsonNode after = status(uai);
        assertThat(after.get("deadLetters").asLong()).isZero();
        assertThat(after.get("lag").asLong()).isZero();
        assertThat(after.get("lastError").isNull()).isTrue();
        for (JsonNode pupil : waiting) {
            assertThat(back.getEntry("uid=" + pupil.get("login").asText() + ",ou=people," + BASE))
                    .as(pupil.get("login").asText()).isNotNull();
        }
        assertThat(back.search("ou=people," + BASE, SearchScope.ONE, "(uid=*)").getEntryCount()).isEqualTo(4);
        assertThat(admin().get("/api/schools/" + uai + "/target/drift").json().get("inSync").asBoolean()).isTrue();

        JsonNode recovered = targetsHealth();
        assertThat(recovered.at("/details/deadLetters").asLong()).isZero();
        assertThat(recovered.at("/details/schoolsWaiting").asLong()).isZero();
        assertThat(meter("intrascol.projector.dead.letters", "VALUE")).isZero();
        assertThat(meter("intrascol.projector.lag", "VALUE")).isZero();
        assertThat(meter("intrascol.projector.pushes", "COUNT")).isGreaterThanOrEqualTo(pushesBefore + 3);
    }
}
