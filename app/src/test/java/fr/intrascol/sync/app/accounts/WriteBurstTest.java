package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Race;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load test's finding: more simultaneous writes to one school than the pool has connections, with
 * reads alongside. Writes used to take a connection and then wait for the school's lock, and the lock's
 * holder then waited for a second connection to store a snapshot: everybody waited for the pool's timeout
 * and reads failed. Now a write waits for its turn without a connection and snapshots are taken on a
 * thread of their own: every write and every read is answered, and every write shows in the read models.
 */
class WriteBurstTest extends IntegrationTest {

    private static final int WRITERS = 40; // more than the pool's 24 connections
    private static final int WRITES_EACH = 3;
    private static final int READERS = 8;

    @Test
    @SuppressWarnings("unchecked")
    void more_simultaneous_writes_to_one_school_than_pooled_connections_are_all_answered_and_reads_too()
            throws Exception {
        String uai = registerSchool("École de la rafale");
        List<String> ids = new ArrayList<>();
        for (String first : List.of("Ana", "Bea", "Cyr", "Dan")) {
            ids.add(createPupil(admin(), uai, "RAFALE", first, "2018-02-02", "CE1").get("accountId").asText());
        }
        Api.Response issued = admin().post("/api/users/admin/tokens", Map.of("label", "rafale"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        Api api = Api.bearer(port, issued.json().get("token").asText());

        AtomicLong slowest = new AtomicLong();
        List<Supplier<List<Integer>>> calls = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            calls.add(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int k = 0; k < WRITES_EACH; k++) {
                    // a new class each time: every write is an event (snapshots every 20 in these tests)
                    long start = System.nanoTime();
                    statuses.add(api.patch("/api/accounts/" + ids.get(writer % ids.size()),
                            Map.of("classGroup", "CE1 " + writer + "-" + k, "reason", "rafale"), Map.of()).status());
                    slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                }
                return statuses;
            });
        }
        for (int r = 0; r < READERS; r++) {
            calls.add(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    long start = System.nanoTime();
                    statuses.add(api.get("/api/schools/" + uai + "/accounts").status());
                    statuses.add(api.get("/api/accounts/" + ids.get(0) + "/history").status());
                    slowest.accumulateAndGet((System.nanoTime() - start) / 2, Math::max);
                }
                return statuses;
            });
        }

        List<List<Integer>> answers = Race.run(calls.toArray(new Supplier[0]));

        // 200, not 202: each write was shown by the read models within read-your-writes' wait
        assertThat(answers.stream().flatMap(List::stream).distinct().toList()).as(answers.toString())
                .containsExactly(200);
        // the stall this prevents lasted the pool's connection timeout (10 s): the lock's holder waited that
        // long for a connection to store its snapshot, and every write queued behind it waited with it
        assertThat(Duration.ofNanos(slowest.get())).as("the slowest request").isLessThan(Duration.ofSeconds(10));
        long versions = ids.stream().mapToLong(id -> admin().get("/api/accounts/" + id).json().get("version").asLong())
                .sum();
        assertThat(versions).as("one event per write, none lost").isEqualTo(ids.size() + (long) WRITERS * WRITES_EACH);
    }
}
