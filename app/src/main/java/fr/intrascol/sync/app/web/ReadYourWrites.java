package fr.intrascol.sync.app.web;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Projections follow the event store asynchronously. After a change, the person who made it should
 * see it at once: this looks, with a growing pause, until the read models show it or time runs out.
 * It is the one loop every read-your-writes wait goes through; what it looks at is, for a school's
 * writes, whether each read model has processed the school's last event
 * ({@link fr.intrascol.sync.app.axon.ReadModelFence}), and for an account's edit, the account's version.
 */
public final class ReadYourWrites {

    /**
     * The longest pause between two looks. A read model usually follows within tens of milliseconds; a
     * longer pause was mostly time slept after the answer was there (a département's import waits
     * after each school's upload and apply). A look is one small query, or none (a processor's position in memory).
     */
    public static final long MAX_PAUSE_MILLIS = 10;

    private ReadYourWrites() {
    }

    /** Looks until {@code readModel} answers (present) or {@code timeout} has passed; its last answer. */
    public static <T> Optional<T> await(Supplier<Optional<T>> readModel, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (true) {
            Optional<T> answer = readModel.get();
            if (answer.isPresent() || System.nanoTime() - deadline > 0) {
                return answer;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the read model", e);
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    /** Looks until {@code done} is true or {@code timeout} has passed; whether it got there. */
    public static boolean until(BooleanSupplier done, Duration timeout) {
        return await(() -> done.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), timeout).isPresent();
    }
}
