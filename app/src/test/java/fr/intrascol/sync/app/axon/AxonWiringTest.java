package fr.intrascol.sync.app.axon;

import fr.intrascol.sync.app.audit.ActorMetadata;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.command.RegisterSchool;
import fr.intrascol.sync.message.event.SchoolRegistered;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.testsupport.Eventually;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How Axon is wired: real transactions, the Flyway-owned JDBC store, and no anonymous change. */
class AxonWiringTest extends IntegrationTest {

    @Autowired
    Configuration axon;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventBus eventBus;
    @Autowired
    CommandGateway commandGateway;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void axon_runs_with_springs_transaction_manager_and_really_opens_transactions() {
        TransactionManager transactionManager = axon.getComponent(TransactionManager.class);
        assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
        AtomicBoolean active = new AtomicBoolean();
        transactionManager.executeInTransaction(
                () -> active.set(TransactionSynchronizationManager.isActualTransactionActive()));
        assertThat(active).isTrue();
    }

    @Test
    void events_live_in_the_flyway_owned_jdbc_tables_with_bytea_payloads() {
        assertThat(storageEngine).isInstanceOf(TimedEventStorageEngine.class);
        assertThat(((TimedEventStorageEngine) storageEngine).delegate()).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
                .isGreaterThanOrEqualTo(3);
        List<String> types = jdbc.sql("""
                SELECT data_type FROM information_schema.columns
                WHERE table_name IN ('domain_event_entry', 'snapshot_event_entry', 'dead_letter_entry', 'token_entry')
                  AND column_name IN ('payload', 'meta_data', 'token')""").query(String.class).list();
        assertThat(types).isNotEmpty().containsOnly("bytea");

        String uai = registerSchool("École Flyway");
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(uai)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT DISTINCT processor_name FROM token_entry ORDER BY 1").query(String.class).list())
                .contains("accounts", "history");
    }

    @Test
    void an_event_without_an_actor_cannot_be_stored() {
        String uai = newUai();
        assertThatThrownBy(() -> eventBus.publish(GenericEventMessage.asEventMessage(
                new SchoolRegistered(new Uai(uai), "anonyme", LoginRules.defaults()))))
                .isInstanceOf(ActorMetadata.MissingActorException.class);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(uai)
                .query(Long.class).single()).isZero();
    }

    @Test
    void a_command_from_nobody_is_refused_and_the_actor_cannot_be_forged() {
        String uai = newUai();
        var command = GenericCommandMessage.asCommandMessage(new RegisterSchool(new Uai(uai), "École", null))
                .andMetaData(MetaData.with(MetadataKeys.ORIGIN, "MANUAL").and(MetadataKeys.ACTOR, "forged"));
        assertThatThrownBy(() -> commandGateway.sendAndWait(command))
                .isInstanceOf(ActorMetadata.MissingActorException.class);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(uai)
                .query(Long.class).single()).isZero();

        AppUser director = new AppUser("real-person", "x", Set.of(UserRole.ADMIN), Set.of(), true);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(director, null, director.getAuthorities()));
        commandGateway.sendAndWait(command);
        byte[] metaData = jdbc.sql("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(uai).query(byte[].class).single();
        String meta = new String(metaData, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(meta).contains("\"actor\":\"real-person\"").doesNotContain("forged")
                .contains("\"origin\":\"MANUAL\"").contains("correlationId");
    }

    @Autowired
    org.axonframework.common.caching.Cache schoolCache;

    @Test
    void a_busy_school_is_snapshotted_and_still_decides_from_its_whole_state() {
        String uai = registerSchool("École Snapshot");
        String first = createPupil(admin(), uai, "DUPONT", "Léa", "2018-01-01", "CE1").get("accountId").asText();
        for (int i = 0; i < 25; i++) {
            admin().patch("/api/accounts/" + first, Map.of("classGroup", "CE1 " + i), Map.of());
        }
        // snapshots are taken on a thread of their own, after the command that triggered them
        Eventually.until("a snapshot of the school", Duration.ofSeconds(10), () -> jdbc.sql(
                "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?").param(uai)
                .query(Long.class).single() > 0);

        // decided from the snapshot (the school is no longer in memory): the login is taken and the same
        // person cannot be opened twice
        schoolCache.removeAll();
        assertThat(createPupil(admin(), uai, "DUPONT", "Léa", "2016-01-01", "CM1").get("login").asText())
                .isEqualTo("lea.dupont2");
        var duplicate = admin().post("/api/schools/" + uai + "/accounts", Map.of("role", "PUPIL",
                "lastName", "DUPONT", "firstName", "Léa", "birthDate", "2018-01-01", "level", "CE1"));
        assertThat(duplicate.status()).isEqualTo(409);
        var stale = admin().patch("/api/accounts/" + first, Map.of("classGroup", "CE1 Z"), Map.of("If-Match", "\"3\""));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("detail").asText()).contains("now at version 26");
    }

    @Test
    void health_shows_the_database_and_every_event_processor() {
        assertThat(anonymous().get("/actuator/health").json().has("components"))
                .as("details only for administrators").isFalse();
        var health = admin().get("/actuator/health").json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        var processors = health.at("/components/eventProcessors/details");
        assertThat(processors.has("accounts")).isTrue();
        assertThat(processors.has("history")).isTrue();
        assertThat(processors.at("/accounts/running").asBoolean()).isTrue();
        assertThat(processors.at("/accounts/claimedSegments").asInt()).isEqualTo(2);
    }
}
