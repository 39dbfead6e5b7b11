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
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The IntraScol projector: follows every school's events in order (the processor is sequenced per
 * school) and pushes each account change to the school's server.
 *
 * <p>A push that fails (a server that cannot be reached, or that refuses) is not retried here, inside
 * the batch's transaction: the event fails at once, and Axon puts it — and every later event of that
 * school — in the dead-letter queue, retried on a timer, while the other schools keep flowing. The
 * projector's own state ({@link DirectoryStateRepository}) moves only when a push succeeded, so a dead
 * letter retried later finds the state it left.
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
    private final PushCounters counters;
    private final Clock clock;

    public IntrascolProjector(DirectoryStateRepository state, DirectoryTargets targets, PushCounters counters,
                              Clock clock) {
        this.state = state;
        this.targets = targets;
        this.counters = counters;
        this.clock = clock;
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

    /**
     * One push, tried once. A failure propagates at once and Axon puts the event in the dead-letter
     * queue: the handler runs inside the batch's transaction and holds the school's advisory lock, so it
     * must not wait there for a server to come back (that held the lock, the connection and every other
     * school of the segment). The retry timer ({@link TargetSync#retryDue}) tries again later, with growing
     * pauses, outside this batch.
     */
    private void push(DirectoryTarget target, DirectoryAccount before, DirectoryAccount after,
                      Supplier<List<DirectoryAccount>> school) {
        try {
            target.push(before, after, school);
            counters.pushed(after.uai());
        } catch (TargetUnavailableException e) {
            counters.failed(after.uai());
            log.warn("School {}: push of account {} failed, the school's changes wait in the dead-letter queue: {}",
                    after.uai(), after.accountId(), e.getMessage());
            throw e;
        } catch (TargetRefusedException e) {
            counters.failed(after.uai());
            log.warn("School {}: {} refused account {}; the school's changes wait in the dead-letter queue: {}",
                    after.uai(), target.describe(), after.accountId(), e.getMessage());
            throw e;
        }
    }

    @ResetHandler
    void reset() {
        state.deleteAll();
    }
}
