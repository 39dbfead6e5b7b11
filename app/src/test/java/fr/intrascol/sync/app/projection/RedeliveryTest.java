package fr.intrascol.sync.app.projection;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.axon.ProjectionPositions;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.query.accounts.AccountsProjection;
import fr.intrascol.sync.query.history.HistoryProjection;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events delivered twice (a crash after the read models were written but before the processor's
 * token was saved, or a segment taken over by another node) are applied once: the processors are
 * rewound behind an account's events, and the read models come out exactly as they were.
 */
class RedeliveryTest extends IntegrationTest {

    @Autowired
    ProjectionPositions positions;
    @Autowired
    TokenStore tokens;
    @Autowired
    TransactionManager transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void rewound_processors_apply_every_event_once() {
        String uai = registerSchool("École Redelivery");
        String id = createPupil(admin(), uai, "HUET", "Lou", "2019-02-02", "GS").get("accountId").asText();
        admin().patch("/api/accounts/" + id, Map.of("classGroup", "GS B"), Map.of());
        admin().patch("/api/accounts/" + id, Map.of("status", "SUSPENDED", "reason", "départ"), Map.of());
        long firstEvent = jdbc.sql("SELECT min(event_index) FROM account_change WHERE account_id = ?::uuid")
                .param(id).query(Long.class).single();
        JsonNode before = admin().get("/api/accounts/" + id).json();
        List<Map<String, Object>> versionsBefore = versions(id);
        long changesBefore = changes(id);
        assertThat(before.get("version").asLong()).isEqualTo(3);
        assertThat(versionsBefore).hasSize(3);

        for (String name : List.of(AccountsProjection.PROCESSING_GROUP, HistoryProjection.PROCESSING_GROUP)) {
            StreamingEventProcessor processor = positions.projections().get(name);
            processor.shutDown();
            transactions.executeInTransaction(() -> {
                for (int segment : tokens.fetchSegments(name)) {
                    tokens.storeToken(GapAwareTrackingToken.newInstance(firstEvent - 1, Set.of()), name, segment);
                }
            });
            processor.start();
        }
        assertThat(positions.awaitReadModels(Duration.ofSeconds(20))).isTrue();

        JsonNode after = admin().get("/api/accounts/" + id).json();
        assertThat(after).isEqualTo(before);
        assertThat(after.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(versions(id)).isEqualTo(versionsBefore);
        assertThat(changes(id)).isEqualTo(changesBefore).isEqualTo(3);
    }

    private List<Map<String, Object>> versions(String id) {
        return jdbc.sql("""
                SELECT version, class_group, status, valid_from, valid_to FROM account_version
                WHERE account_id = ?::uuid ORDER BY version""").param(id).query().listOfRows();
    }

    private long changes(String id) {
        return jdbc.sql("SELECT count(*) FROM account_change WHERE account_id = ?::uuid").param(id)
                .query(Long.class).single();
    }
}
