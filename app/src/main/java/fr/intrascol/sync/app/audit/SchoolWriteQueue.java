package fr.intrascol.sync.app.audit;

import org.springframework.beans.factory.annotation.Autowired;
import fr.intrascol.sync.app.IntrascolProperties;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import fr.intrascol.sync.message.command.SchoolCommand;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One write at a time per school in this process, in the order they came, taken before the command
 * bus. Axon locks a school only once the command's transaction has begun, so writes queued behind a
 * busy school each held a pooled connection while they waited, and the reads waited for a connection:
 * under 50 API clients writing to one school, reads stalled for up to Hikari's timeout. Here a write
 * waits without a connection; Axon's lock and the event store's unique sequence still guard against
 * other processes (scaled out), so this is about waiting well, not about correctness.
 * <p>
 * A write that waited longer than {@code intrascol.commands.school-wait} (default 30 s) is refused with
 * {@link SchoolBusyException} (503, {@code Retry-After}) and nothing is changed.
 */
@Component
public class SchoolWriteQueue {

    /** A fair lock per school; weak values, so a school nobody writes to is forgotten. */
    private final LoadingCache<String, ReentrantLock> locks = Caffeine.newBuilder().weakValues()
            .build(uai -> new ReentrantLock(true));
    private final Duration wait;

    @Autowired
    public SchoolWriteQueue(IntrascolProperties properties) {
        this(properties.commands().schoolWait());
    }

    SchoolWriteQueue(Duration wait) {
        this.wait = wait;
    }

    /** Runs {@code write} when it is the turn of the school {@code command} targets; at once for other commands. */
    public <R> R inTurn(Object command, Supplier<R> write) {
        if (!(command instanceof SchoolCommand schoolCommand)) {
            return write.get();
        }
        String uai = schoolCommand.uai().value();
        ReentrantLock lock = locks.get(uai);
        try {
            if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SchoolBusyException(uai, wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchoolBusyException(uai, wait);
        }
        try {
            return write.get();
        } finally {
            lock.unlock();
        }
    }

    /** The school had other writes in progress for longer than this process waits. */
    public static class SchoolBusyException extends RuntimeException {

        public SchoolBusyException(String uai, Duration waited) {
            super("School " + uai + " is busy with other changes (waited " + waited.toSeconds() + " s)."
                    + " Nothing was changed: try again in a moment.");
        }
    }
}
