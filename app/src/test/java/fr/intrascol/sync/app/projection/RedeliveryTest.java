package fr.intrascol.sync.app.projection;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.query.accounts.AccountRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An event delivered twice (a crash before the token was saved, a claim taken over) is applied once. */
class RedeliveryTest extends IntegrationTest {

    @Autowired
    AccountRepository accounts;
    @Autowired
    JdbcClient jdbc;

    @Test
    void the_accounts_read_model_skips_an_event_it_has_already_applied() {
        String uai = registerSchool("École Redelivery");
        String id = createPupil(admin(), uai, "HUET", "Lou", "2019-02-02", "GS").get("accountId").asText();
        admin().patch("/api/accounts/" + id, Map.of("classGroup", "GS B"), Map.of());
        long lastEvent = jdbc.sql("SELECT last_event FROM account WHERE account_id = ?::uuid").param(id)
                .query(Long.class).single();

        accounts.updatePlacement(id, "GS B", "GS", lastEvent, Instant.now());
        accounts.updateStatus(id, "SUSPENDED", lastEvent - 1, Instant.now());

        JsonNode account = admin().get("/api/accounts/" + id).json();
        assertThat(account.get("version").asLong()).isEqualTo(2);
        assertThat(account.get("status").asText()).isEqualTo("ACTIVE");

        accounts.updateStatus(id, "SUSPENDED", lastEvent + 1, Instant.now());
        assertThat(admin().get("/api/accounts/" + id).json().get("version").asLong()).isEqualTo(3);
    }
}
