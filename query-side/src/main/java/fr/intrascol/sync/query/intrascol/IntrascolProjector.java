package fr.intrascol.sync.query.intrascol;

import fr.intrascol.sync.message.event.AccountEvent;
import fr.intrascol.sync.message.event.AccountErased;
import fr.intrascol.sync.message.event.SchoolEvent;
import fr.intrascol.sync.query.batch.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IntraScol projector: follows every school's events in order (the processor is sequenced per
 * school) and pushes the account changes to the school's server. At a school's first event in a batch of
 * events, the changes of all the school's events of that batch are pushed together, each account in its
 * final state (each entry and each group written once: {@link DirectoryTarget#push(SchoolChanges)}); the
 * school's later events of the batch only move the projector's state.
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
        UnitOfWorkBatch.with(SchoolProgressBatch.class.getName(), messages -> new SchoolProgressBatch(state, messages),
                SchoolProgressBatch::flush, batch -> handle(batch, event, sequence, replay));
    }

    private void handle(SchoolProgressBatch batch, SchoolEvent event, long sequence, ReplayStatus replay) {
        String uai = event.uai().value();
        if (sequence <= batch.lastSequence(uai)) {
            return; // handled already: a re-delivery
        }
        Instant pushedAt = null;
        if (event instanceof AccountEvent change) {
            Map<String, DirectoryAccount> school = batch.accounts(uai);
            DirectoryAccount after = DirectoryAccount.evolve(school.get(change.accountId().value()), change);
            // a projection rebuild only rebuilds the state: the servers already hold it (replay checks them)
            Optional<DirectoryTarget> target = replay.isReplay() ? Optional.empty()
                    : batch.target(uai, targets::forSchool);
            if (target.isPresent()) {
                if (!batch.pushed(uai, sequence)) {
                    state.lockSchool(uai);
                    push(target.get(), changesFrom(batch, uai, change, after, sequence));
                    batch.pushedThrough(uai, lastSequence(batch, uai, sequence));
                }
                pushedAt = clock.instant();
            }
            // an erased person's entry is gone from the server: the state keeps no name nor login of theirs
            batch.save(change instanceof AccountErased ? after.scrubbed() : after);
        }
        batch.handled(uai, sequence, pushedAt);
    }

    /**
     * The school's changes from this event to its last one in the batch, each account in its final state:
     * pushed together, at the school's first event in the batch, so that each entry and each group is written
     * once for the batch. Should the push fail, this event goes to the dead-letter queue and Axon sends the
     * school's later events after it (its sequence is in the queue); each is retried there on its own.
     */
    private static SchoolChanges changesFrom(SchoolProgressBatch batch, String uai, AccountEvent first,
                                             DirectoryAccount firstAfter, long sequence) {
        Map<String, DirectoryAccount> school = batch.accounts(uai);
        Map<String, DirectoryAccount> changed = new LinkedHashMap<>();
        changed.put(firstAfter.accountId(), firstAfter);
        for (DomainEventMessage<?> message : batch.eventsFrom(uai, sequence + 1)) {
            if (message.getPayload() instanceof AccountEvent next) {
                String id = next.accountId().value();
                changed.put(id, DirectoryAccount.evolve(changed.containsKey(id) ? changed.get(id) : school.get(id),
                        next));
            }
        }
        return new SchoolChanges(uai, List.copyOf(school.values()), List.copyOf(changed.values()));
    }

    private static long lastSequence(SchoolProgressBatch batch, String uai, long sequence) {
        List<DomainEventMessage<?>> later = batch.eventsFrom(uai, sequence + 1);
        return later.isEmpty() ? sequence : later.get(later.size() - 1).getSequenceNumber();
    }

    /**
     * One push of a school's changes, tried once. A failure propagates at once and Axon puts the event in
     * the dead-letter queue: the handler runs inside the batch's transaction and holds the school's advisory
     * lock, so it must not wait there for a server to come back (that held the lock, the connection and
     * every other school of the segment). The retry timer ({@link TargetSync#retryDue}) tries again later,
     * with growing pauses, outside this batch.
     */
    private void push(DirectoryTarget target, SchoolChanges changes) {
        try {
            target.push(changes);
            changes.changed().forEach(a -> counters.pushed(changes.uai()));
        } catch (TargetUnavailableException e) {
            counters.failed(changes.uai());
            log.warn("School {}: push of {} account(s) failed, the school's changes wait in the dead-letter queue: {}",
                    changes.uai(), changes.changed().size(), e.getMessage());
            throw e;
        } catch (TargetRefusedException e) {
            counters.failed(changes.uai());
            log.warn("School {}: {} refused a push of {} account(s); the school's changes wait in the dead-letter"
                    + " queue: {}", changes.uai(), target.describe(), changes.changed().size(), e.getMessage());
            throw e;
        }
    }

    @ResetHandler
    void reset() {
        state.deleteAll();
    }
}
