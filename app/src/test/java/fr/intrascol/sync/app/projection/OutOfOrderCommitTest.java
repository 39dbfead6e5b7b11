package fr.intrascol.sync.app.projection;

import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.testsupport.Eventually;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two schools written at the same moment: the event that took the lower position in the store commits
 * after the other one. The projections used to key rows by the tracking token's position, which for that
 * late event is the later event's: the history kept one of the two entries and silently dropped the other
 * (found by the load test with writes spread over ten schools). Each event now keeps its own position.
 */
class OutOfOrderCommitTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void an_event_committed_after_a_later_one_keeps_its_own_history_entry_and_account_version() throws Exception {
        String early = registerSchool("École de l'aube");
        String late = registerSchool("École du soir");
        String first = createPupil(admin(), early, "AUBE", "Lina", "2018-01-01", "CE1").get("accountId").asText();
        String second = createPupil(admin(), late, "SOIR", "Noé", "2018-01-01", "CE1").get("accountId").asText();
        long next = jdbc.sql("SELECT max(sequence_number) + 1 FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(early).query(Long.class).single();

        // the first school's event takes its position now and commits only when released
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> {
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                eventStore.publish(new GenericDomainEventMessage<>("School", early, next,
                        new AccountClassChanged(new Uai(early), AccountId.of(first), ClassGroup.of("CE1"), Level.CE1,
                                ClassGroup.of("CE2"), Level.CE2),
                        MetaData.with(MetadataKeys.ORIGIN, Origin.MANUAL.name()).and(MetadataKeys.ACTOR, "test")));
                appended.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        });
        assertThat(appended.await(10, TimeUnit.SECONDS)).as(() -> held.isDone() ? held.handle((v, e) -> String.valueOf(e)).join() : "still running").isTrue();

        // a later position, committed first and projected (200: the read models show it)
        var edit = admin().patch("/api/accounts/" + second, Map.of("classGroup", "CE1 B", "reason", "avant"), Map.of());
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);

        release.countDown();
        held.get(30, TimeUnit.SECONDS);

        Eventually.until("the late event in the first account's history and version", Duration.ofSeconds(15),
                () -> admin().get("/api/accounts/" + first + "/history").json().size() == 2
                        && admin().get("/api/accounts/" + first).json().get("version").asLong() == 2);
        assertThat(admin().get("/api/accounts/" + first).json().get("classGroup").asText()).isEqualTo("CE2");
        assertThat(admin().get("/api/accounts/" + second + "/history").json()).hasSize(2);
        var indexes = jdbc.sql("SELECT event_index FROM account_change WHERE account_id IN (?::uuid, ?::uuid)"
                + " AND type = 'AccountClassChanged' ORDER BY event_index").params(first, second)
                .query(Long.class).list();
        assertThat(indexes).as("each entry at its own event's position").hasSize(2).doesNotHaveDuplicates();
    }
}
