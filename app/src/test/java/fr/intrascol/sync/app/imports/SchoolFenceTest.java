package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.audit.SystemActor;
import fr.intrascol.sync.app.axon.ProjectionPositions;
import fr.intrascol.sync.app.axon.ReadModelFence;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.command.extraction.ExtractionReader;
import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.accounts.AccountsProjection;
import fr.intrascol.sync.testsupport.Eventually;
import fr.intrascol.sync.testsupport.Fixtures;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes after an import waits for the school's own last event ({@link ReadModelFence}), not for
 * every other school's: in September a département's schools import at once. Another school's transaction
 * still open below this school's events (a gap in the read models' tokens), and another school's events
 * stored after them that a read model is stuck on, do not hold this school's upload and apply.
 */
class SchoolFenceTest extends IntegrationTest {

    private static final String FIXTURE = "onde-2026/0170001J.csv";

    /** A transaction held open blocks its thread: not one of the common pool's (one thread on two cores). */
    private static final Executor OWN_THREAD = task -> new Thread(task, "school-fence-test").start();

    @Autowired
    EventStore eventStore;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ImportService imports;

    @Autowired
    ReadModelFence fence;

    @Autowired
    ProjectionPositions positions;

    @Value("${intrascol.read-your-writes-timeout:10s}")
    Duration timeout;

    @Test
    void another_schools_transaction_still_open_does_not_hold_an_import() throws Exception {
        String school = registerSchool("École du matin");
        String other = registerSchool("École d'à côté");
        String pupil = createPupil(admin(), other, "VOISIN", "Léo", "2018-01-01", "CE1").get("accountId").asText();

        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> held = holdOpen(other, pupil, release);
        try {
            Api.Response upload = admin().upload("/api/schools/" + school + "/imports", "CSVExtraction.csv",
                    Fixtures.be1d(FIXTURE));
            assertThat(upload.status()).as("the plan shows at once, not 202: " + upload).isEqualTo(201);
            long start = System.nanoTime();
            Api.Response apply = admin().post("/api/imports/" + upload.json().get("importId").asText() + "/apply",
                    Map.of());
            assertThat(apply.status()).as(apply.toString()).isEqualTo(200);
            assertThat(apply.json().get("status").asText()).isEqualTo("APPLIED");
            assertThat(accounts(school)).as("the school's accounts, shown at once").hasSize(rows());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the apply's wait did not run out")
                    .isLessThan(timeout);
            assertThat(held).as("the other school's transaction is still open").isNotDone();
        } finally {
            release.countDown();
        }
        held.get(30, TimeUnit.SECONDS);
        Eventually.until("the other school's late event projected", Duration.ofSeconds(15),
                () -> admin().get("/api/accounts/" + pupil).json().get("classGroup").asText().equals("CE2"));
    }

    @Test
    void a_read_model_stuck_on_another_schools_later_event_does_not_hold_an_import() throws Exception {
        String school = registerSchool("École du soir");
        String other = registerSchool("École d'en face");
        String pupil = createPupil(admin(), other, "FACE", "Mia", "2018-01-01", "CE1").get("accountId").asText();
        Api.Response upload = admin().upload("/api/schools/" + school + "/imports", "CSVExtraction.csv",
                Fixtures.be1d(FIXTURE));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        String importId = upload.json().get("importId").asText();

        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        long[] waited = new long[1];
        try {
            var application = SystemActor.as("test", () -> imports.apply(importId, ImportService.ApplyOptions.none(),
                    () -> {
                        // once the accounts read model has this school's changes, it gets stuck on another
                        // school's event stored after them: its account row is locked
                        long last = fence.lastEvent(new Uai(school));
                        Eventually.until("the school's changes in the accounts read model", Duration.ofSeconds(30),
                                () -> positions.processed(AccountsProjection.PROCESSING_GROUP,
                                        positions.projections().get(AccountsProjection.PROCESSING_GROUP), last));
                        lockAccountRow(pupil, locked, release);
                        new TransactionTemplate(transactions).executeWithoutResult(status ->
                                eventStore.publish(classChanged(other, pupil, nextSequence(other))));
                        waited[0] = System.nanoTime();
                    }));
            waited[0] = System.nanoTime() - waited[0];
            assertThat(application.importId()).isEqualTo(importId);
            assertThat(Duration.ofNanos(waited[0])).as("the apply did not wait for the other school's event")
                    .isLessThan(timeout);
            assertThat(accounts(school)).as("the school's accounts, shown at once").hasSize(rows());
            assertThat(admin().get("/api/accounts/" + pupil).json().get("classGroup").asText())
                    .as("the accounts read model is still stuck on the other school's event").isEqualTo("CE1 A");
        } finally {
            release.countDown();
        }
        Eventually.until("the other school's event projected once released", Duration.ofSeconds(15),
                () -> admin().get("/api/accounts/" + pupil).json().get("classGroup").asText().equals("CE2"));
    }

    /** Holds the account's row of the accounts read model locked (as a busy projection would) until released. */
    private void lockAccountRow(String accountId, CountDownLatch locked, CountDownLatch release) {
        CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.sql("SELECT account_id FROM account WHERE account_id = ?::uuid FOR UPDATE").param(accountId)
                    .query().listOfRows();
            locked.countDown();
            await(release);
        }), OWN_THREAD);
        assertThat(await(locked)).as("the account row locked").isTrue();
    }

    /** Another school's event takes its position in the store now and commits only when released. */
    private CompletableFuture<Void> holdOpen(String uai, String pupil, CountDownLatch release)
            throws InterruptedException {
        long next = nextSequence(uai);
        CountDownLatch appended = new CountDownLatch(1);
        CompletableFuture<Void> held = CompletableFuture.runAsync(() ->
                new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    eventStore.publish(classChanged(uai, pupil, next));
                    appended.countDown();
                    await(release);
                }), OWN_THREAD);
        assertThat(appended.await(10, TimeUnit.SECONDS)).as(() -> held.isDone()
                ? held.handle((v, e) -> String.valueOf(e)).join() : "still running").isTrue();
        return held;
    }

    private GenericDomainEventMessage<AccountClassChanged> classChanged(String uai, String pupil, long sequence) {
        return new GenericDomainEventMessage<>("School", uai, sequence,
                new AccountClassChanged(new Uai(uai), AccountId.of(pupil), ClassGroup.of("CE1 A"), Level.CE1,
                        ClassGroup.of("CE2"), Level.CE2),
                MetaData.with(MetadataKeys.ORIGIN, Origin.MANUAL.name()).and(MetadataKeys.ACTOR, "test"));
    }

    private long nextSequence(String uai) {
        return jdbc.sql("SELECT max(sequence_number) + 1 FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(uai).query(Long.class).single();
    }

    private JsonNode accounts(String uai) {
        return admin().get("/api/schools/" + uai + "/accounts").json();
    }

    private static int rows() {
        return new ExtractionReader(ExtractionReader.Limits.defaults()).read(Fixtures.be1d(FIXTURE)).rows().size();
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
