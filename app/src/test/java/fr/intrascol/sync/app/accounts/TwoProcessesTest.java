package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.IntrascolSyncApplication;
import fr.intrascol.sync.app.database.DatabaseConfiguration.DatabaseHandle;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Race;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application processes on one PostgreSQL (how an académie scales out): when both change the same
 * school at the same instant, the event store's per-school sequence lets exactly one through; the other
 * gets a 409 and nothing half-written remains.
 */
class TwoProcessesTest extends IntegrationTest {

    @Autowired
    DatabaseHandle database;
    @Autowired
    JdbcClient jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    fr.intrascol.sync.app.privacy.keys.MasterKeyLoader.MasterKeys masterKeys;

    @Test
    void simultaneous_changes_of_one_school_from_two_processes_never_lose_or_mix_events() throws Exception {
        String uai = registerSchool("École partagée");
        String first = createPupil(admin(), uai, "LAMBERT", "Eva", "2018-07-07", "CE1").get("accountId").asText();
        String second = createPupil(admin(), uai, "LAMBERT", "Max", "2016-07-07", "CM1").get("accountId").asText();

        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(IntrascolSyncApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=" + database.password(),
                "--intrascol.data-dir=target/unused-second-process",
                // every process of one installation has the same master key (docs/operations.md)
                "--intrascol.privacy.master-key=" + java.nio.file.Files.readString(masterKeys.file()).trim())) {
            Api otherAdmin = Api.at(Integer.parseInt(other.getEnvironment().getProperty("local.server.port")),
                    "admin", ADMIN_PASSWORD);
            int succeeded = 0;
            int conflicts = 0;
            for (int round = 0; round < 100 && conflicts == 0; round++) {
                String label = "R" + round;
                List<Api.Response> responses = Race.run(
                        () -> admin().patch("/api/accounts/" + first, Map.of("classGroup", "CE1 " + label), Map.of()),
                        () -> otherAdmin.patch("/api/accounts/" + second, Map.of("classGroup", "CM1 " + label), Map.of()));
                for (Api.Response response : responses) {
                    assertThat(response.status()).as(response.toString()).isIn(200, 409);
                    if (response.status() == 409) {
                        conflicts++;
                        assertThat(response.json().get("detail").asText()).contains("at the same moment");
                    } else {
                        succeeded++;
                    }
                }
            }
            assertThat(conflicts).as("two processes collided on one school at least once").isPositive();

            long events = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                    .param(uai).query(Long.class).single();
            assertThat(events).isEqualTo(3 + succeeded);
            List<Long> sequences = jdbc.sql("""
                    SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ?
                    ORDER BY sequence_number""").param(uai).query(Long.class).list();
            for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).isEqualTo(i);
            }
            long versions = admin().get("/api/accounts/" + first).json().get("version").asLong()
                    + admin().get("/api/accounts/" + second).json().get("version").asLong();
            assertThat(versions).isEqualTo(2 + succeeded);

            // a rebuild asked of an instance that does not hold the projection is refused, and it keeps running
            Api.Response rebuild = otherAdmin.post("/api/admin/projections/accounts/rebuild", null);
            assertThat(rebuild.status()).as(rebuild.toString()).isEqualTo(409);
            assertThat(rebuild.json().get("detail").asText()).contains("another running instance");
            var projections = otherAdmin.get("/api/admin/projections").json();
            projections.forEach(p -> assertThat(p.get("running").asBoolean()).as(p.toString()).isTrue());
        }
    }
}
