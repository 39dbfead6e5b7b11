package fr.intrascol.sync.app.web;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Projections follow the event store asynchronously. After a change, the person who made it should
 * see it at once: this looks, with a growing pause, until the read models show it or time runs out.
 * It is the one loop every read-your-writes wait goes through; what it looks at is whether each read
 * model has processed the school's last event ({@link fr.intrascol.sync.app.axon.ReadModelFence}).
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

    /** Looks until {@code done} is true or {@code timeout} has passed; whether it got there. */
    public static boolean until(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
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
}
