package fr.intrascol.sync.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something the application does in the background (projections, pushes to servers). */
public final class Eventually {

    private Eventually() {
    }

    /** Polls {@code condition} every 100 ms; fails with {@code what} if it is still false after {@code limit}. */
    public static void until(String what, Duration limit, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Still not true after " + limit + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + what, e);
            }
        }
    }
}
