package fr.intrascol.sync.app.projection;

import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.query.accounts.AccountsProjection;
import fr.intrascol.sync.query.history.HistoryProjection;
import fr.intrascol.sync.testsupport.Eventually;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilding every projection from the event store gives exactly the read models it had: the event
 * store is the truth, read models are disposable.
 */
class ProjectionRebuildTest extends IntegrationTest {

    private static final List<String> READ_MODELS = List.of(
            "SELECT * FROM school ORDER BY uai",
            "SELECT * FROM account ORDER BY account_id",
            "SELECT * FROM account_version ORDER BY account_id, version",
            "SELECT * FROM account_change ORDER BY event_index");

    @Autowired
    JdbcClient jdbc;

    @Test
    void reset_and_replay_rebuild_identical_read_models() throws Exception {
        buildHistory();
        List<List<Map<String, Object>>> before = snapshotReadModels();
        assertThat(before.get(3).size()).as("a non-trivial history").isGreaterThan(100);

        // garbage that only a real reset (not an incremental catch-up) removes
        jdbc.sql("INSERT INTO school (uai, name, login_max_length, registered_at) VALUES ('0999999W', 'ghost', 20, now())")
                .update();
        jdbc.sql("UPDATE account SET first_name = 'tampered' WHERE account_id = (SELECT account_id FROM account ORDER BY account_id LIMIT 1)")
                .update();

        for (String name : List.of(AccountsProjection.PROCESSING_GROUP, HistoryProjection.PROCESSING_GROUP)) {
            var response = admin().post("/api/admin/projections/" + name + "/rebuild", null);
            assertThat(response.status()).as(response.toString()).isEqualTo(202);
        }
        assertThat(admin().post("/api/admin/projections/nothing/rebuild", null).status()).isEqualTo(404);

        Eventually.until("the rebuilt read models equal to the ones before", Duration.ofSeconds(60),
                () -> snapshotReadModels().equals(before));
        List<List<Map<String, Object>>> after = snapshotReadModels();
        assertThat(after.get(0)).isEqualTo(before.get(0));
        assertThat(after.get(1)).isEqualTo(before.get(1));
        assertThat(after.get(2)).isEqualTo(before.get(2));
        assertThat(after.get(3)).isEqualTo(before.get(3));
    }

    private void buildHistory() {
        for (int s = 0; s < 4; s++) {
            String uai = registerSchool("École " + s);
            for (int p = 0; p < 15; p++) {
                String id = createPupil(admin(), uai, "NOM" + (char) ('A' + p % 5), "Prénom-" + p,
                        "201" + (p % 8) + "-0" + (1 + p % 9) + "-1" + (p % 9), p % 2 == 0 ? "CP" : "CM2")
                        .get("accountId").asText();
                if (p % 3 == 0) {
                    admin().patch("/api/accounts/" + id, Map.of("lastName", "CORRIGÉ", "usageName", "D'ARC",
                            "reason", "erreur de saisie"), Map.of());
                }
                if (p % 4 == 0) {
                    admin().patch("/api/accounts/" + id, Map.of("classGroup", "CE1 X", "level", "CE1"), Map.of());
                }
                if (p % 5 == 0) {
                    admin().patch("/api/accounts/" + id, Map.of("status", "SUSPENDED", "reason", "départ"), Map.of());
                }
                if (p % 7 == 0) {
                    admin().post("/api/accounts/" + id + "/password-reset", Map.of());
                }
            }
        }
    }

    private List<List<Map<String, Object>>> snapshotReadModels() {
        return READ_MODELS.stream().map(sql -> jdbc.sql(sql).query().listOfRows()).toList();
    }
}
