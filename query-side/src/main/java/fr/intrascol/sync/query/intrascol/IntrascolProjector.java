package fr.intrascol.sync.query.intrascol;

import fr.intrascol.sync.message.event.AccountEvent;
import fr.intrascol.sync.message.event.AccountErased;
import fr.intrascol.sync.message.event.SchoolEvent;
import fr.intrascol.sync.query.batch.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The IntraScol projector: follows every school's events in order (the processor is sequenced per
 * school) and pushes each account change to the school's server.
 *
 * <p>A server that cannot be reached is retried a few times with growing pauses; then the event
 * fails, and Axon puts it — and every later event of that school — in the dead-letter queue, while
 * the other schools keep flowing. The projector's own state ({@link DirectoryStateRepository}) moves
 * only when a push succeeded, so a dead letter retried later finds the state it left.
 *
 * <p>Re-delivered events (a batch retried after a crash, a letter retried twice) are recognised by
 * the school's sequence number and skipped; and every push is level-based anyway.
 */
@Component
@ProcessingGroup(IntrascolProjector.PROCESSING_GROUP)
public class IntrascolProjector {

    public static final String PROCESSING_GROUP = "intrascol-projector";
    private static final Logger log = LoggerFactory.getLogger(IntrascolProjector.class);

    private final DirectoryStateRepository state;
    private final DirectoryTargets targets;
    private final int attempts;
    private final Duration initialBackoff;
    private final Clock clock;
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong pushes = new AtomicLong();

    public IntrascolProjector(DirectoryStateRepository state, DirectoryTargets targets,
                              @Value("${intrascol.projector.retry.attempts:3}") int attempts,
                              @Value("${intrascol.projector.retry.initial-backoff:200ms}") Duration initialBackoff,
                              Optional<Clock> clock) {
        this.state = state;
        this.targets = targets;
        this.attempts = Math.max(1, attempts);
        this.initialBackoff = initialBackoff;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @EventHandler
    void on(SchoolEvent event, @SequenceNumber Long sequence, ReplayStatus replay) {
        UnitOfWorkBatch.with(SchoolProgressBatch.class.getName(), messages -> new SchoolProgressBatch(state),
                SchoolProgressBatch::flush, batch -> handle(batch, event, sequence, replay));
    }

    private void handle(SchoolProgressBatch batch, SchoolEvent event, long sequence, ReplayStatus replay) {
        String uai = event.uai().value();
        if (sequence <= batch.lastSequence(uai)) {
            return; // handled already: a re-delivery
        }
        Instant pushedAt = null;
        if (event instanceof AccountEvent change) {
            DirectoryAccount before = state.find(change.accountId().value()).orElse(null);
            DirectoryAccount after = DirectoryAccount.evolve(before, change);
            // a projection rebuild only rebuilds the state: the servers already hold it (replay checks them)
            Optional<DirectoryTarget> target = replay.isReplay() ? Optional.empty()
                    : batch.target(uai, targets::forSchool);
            if (target.isPresent()) {
                state.lockSchool(uai);
                push(target.get(), before, after, () -> schoolWith(uai, after));
                pushedAt = clock.instant();
            }
            // an erased person's entry is gone from the server: the state keeps no name nor login of theirs
            state.save(change instanceof AccountErased ? after.scrubbed() : after);
        }
        batch.handled(uai, sequence, pushedAt);
    }

    private List<DirectoryAccount> schoolWith(String uai, DirectoryAccount changed) {
        List<DirectoryAccount> school = new ArrayList<>(state.school(uai));
        school.removeIf(a -> a.accountId().equals(changed.accountId()));
        school.add(changed);
        return school;
    }

    /** One push, retried while the server is unreachable; the last failure propagates (dead letter). */
    private void push(DirectoryTarget target, DirectoryAccount before, DirectoryAccount after,
                      java.util.function.Supplier<List<DirectoryAccount>> school) {
        long pause = initialBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                target.push(before, after, school);
                pushes.incrementAndGet();
                return;
            } catch (TargetUnavailableException e) {
                failed(after.uai());
                if (attempt >= attempts) {
                    log.warn("School {}: push of account {} failed {} times, the school's changes wait in the"
                            + " dead-letter queue: {}", after.uai(), after.accountId(), attempt, e.getMessage());
                    throw e;
                }
                sleep(pause);
                pause *= 2;
            } catch (TargetRefusedException e) {
                failed(after.uai());
                log.warn("School {}: {} refused account {}; the school's changes wait in the dead-letter queue: {}",
                        after.uai(), target.describe(), after.accountId(), e.getMessage());
                throw e;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("Interrupted while waiting to retry", e);
        }
    }

    private void failed(String uai) {
        failures.computeIfAbsent(uai, u -> new AtomicLong()).incrementAndGet();
    }

    /** Failed push attempts to this school's server, in this process since it started. */
    public long failures(String uai) {
        AtomicLong count = failures.get(uai);
        return count == null ? 0 : count.get();
    }

    /** Failed push attempts to all servers, in this process since it started. */
    public long failures() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Successful pushes in this process since it started. */
    public long pushes() {
        return pushes.get();
    }

    @ResetHandler
    void reset() {
        state.deleteAll();
    }
}
