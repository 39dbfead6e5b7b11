package fr.intrascol.sync.app.web;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Projections follow the event store asynchronously. After a change, the person who made it should
 * see it at once: this polls a read model, with a growing pause, until it answers or time runs out.
 */
public final class ReadYourWrites {

    /**
     * The longest pause between two looks. A read model usually follows within tens of milliseconds; a
     * longer pause was mostly time slept after the answer was there (a département's import waits
     * three times per school). A look is one small query, or none. The wait for every read model
     * ({@code ProjectionPositions.awaitReadModels}) pauses the same way.
     */
    public static final long MAX_PAUSE_MILLIS = 10;

    private ReadYourWrites() {
    }

    public static <T> Optional<T> await(Supplier<Optional<T>> readModel, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (true) {
            Optional<T> answer = readModel.get();
            if (answer.isPresent() || System.nanoTime() > deadline) {
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
}
