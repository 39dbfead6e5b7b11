package fr.intrascol.sync.app.audit;

import fr.intrascol.sync.app.audit.SchoolWriteQueue.SchoolBusyException;
import fr.intrascol.sync.app.web.Busy;
import fr.intrascol.sync.message.command.ResetAccountPassword;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One write at a time per school, other schools not held up, and a refusal (503) after the wait. */
class SchoolWriteQueueTest {

    private static final Uai SCHOOL = new Uai("0170001J");
    private static final Uai OTHER = new Uai("0170002K");

    private static ResetAccountPassword commandFor(Uai uai) {
        return new ResetAccountPassword(uai, AccountId.random(), null);
    }

    @Test
    void a_write_to_a_busy_school_waits_its_turn_then_is_refused_when_the_wait_is_over_others_go_on()
            throws Exception {
        SchoolWriteQueue queue = new SchoolWriteQueue(Duration.ofMillis(200));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> queue.inTurn(commandFor(SCHOOL), () -> {
            inside.countDown();
            await(release);
            return "first";
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(queue.inTurn(commandFor(OTHER), () -> "other school")).isEqualTo("other school");
        assertThat(queue.inTurn("not a school command", () -> "at once")).isEqualTo("at once");
        assertThatThrownBy(() -> queue.inTurn(commandFor(SCHOOL), () -> "never"))
                .isInstanceOf(SchoolBusyException.class).hasMessageContaining("0170001J")
                .hasMessageContaining("Nothing was changed");

        release.countDown();
        assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(queue.inTurn(commandFor(SCHOOL), () -> "its turn")).isEqualTo("its turn");
    }

    @Test
    void a_busy_school_or_an_exhausted_pool_is_a_503_problem_never_a_500() {
        var school = Busy.of(new IllegalStateException(new SchoolBusyException("0170001J", Duration.ofSeconds(30))));
        assertThat(school).isNotNull();
        assertThat(school.getStatus()).isEqualTo(503);
        assertThat(school.getType().toString()).endsWith("/busy");

        var pool = Busy.of(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("intrascol - Connection is not available")));
        assertThat(pool).isNotNull();
        assertThat(pool.getStatus()).isEqualTo(503);
        assertThat(pool.getDetail()).contains("Try again");

        assertThat(Busy.of(new IllegalStateException("something else"))).isNull();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
