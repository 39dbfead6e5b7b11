package fr.intrascol.sync.query.intrascol;

import fr.intrascol.sync.query.config.QuerySideProperties;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything done to a school's server besides following the events: its configuration, its status,
 * its drift from the projection, a full replay or repair, and retrying the changes that wait in the
 * dead-letter queue (by hand, and on a timer with growing pauses). The application reaches the
 * projector and the servers through this service only (besides the value types it answers with).
 */
@Service
public class TargetSync {

    private static final Logger log = LoggerFactory.getLogger(TargetSync.class);
    /** The projector's processing group (its processor, its dead-letter queue). */
    public static final String PROCESSING_GROUP = IntrascolProjector.PROCESSING_GROUP;
    /** Diagnostics key, set by the enqueue policy, counting a dead letter's failed retries. */
    public static final String RETRIES = "retries";

    private final DirectoryStateRepository state;
    private final DirectoryTargets targets;
    private final TargetRepository configuration;
    private final EventProcessingConfiguration processing;
    private final PushCounters counters;
    private final TransactionTemplate transaction;
    private final Duration retryInterval;
    private final Duration maxRetryPause;
    private final Clock clock;
    private final boolean retriesOnTimer;

    public TargetSync(DirectoryStateRepository state, DirectoryTargets targets, TargetRepository configuration,
                      EventProcessingConfiguration processing, PushCounters counters,
                      PlatformTransactionManager transactionManager,
                      QuerySideProperties properties, Clock clock) {
        this.state = state;
        this.targets = targets;
        this.configuration = configuration;
        this.processing = processing;
        this.counters = counters;
        this.transaction = new TransactionTemplate(transactionManager);
        this.retryInterval = properties.projector().deadLetterRetryInterval();
        this.maxRetryPause = properties.projector().deadLetterMaxPause();
        this.clock = clock;
        // a command process runs no event processor, so it does not push: the query processes retry
        this.retriesOnTimer = properties.runsProcessors();
    }

    /**
     * GET …/target/status. {@code failures}: failed push attempts for this school in this process;
     * {@code lastReplayWrites}: entries the last replay or repair wrote (null: unknown, or none);
     * {@code configuredAt}: when the target was last saved.
     */
    public record TargetStatus(String uai, boolean configured, String target, long lag, Instant lastPushAt,
                               long pushes, long failures, long deadLetters, String lastError, Instant lastFailureAt,
                               Instant lastReplayAt, String lastReplayBy, Integer lastReplayWrites,
                               Instant configuredAt) {
    }

    /** What a replay or repair did. */
    public record SyncResult(String uai, String target, int retriedDeadLetters, Drift.Repair changes,
                             Instant at) {
    }

    public TargetStatus status(String uai) {
        Optional<DirectoryStateRepository.SchoolProgress> progress = state.progress(uai);
        Optional<TargetRepository.TargetView> view = configuration.view(uai);
        String description = view.map(v -> describe(v.type(), v.url(), v.baseDn(), v.directory())).orElse(null);
        long deadLetters = queue().sequenceSize(uai);
        String lastError = null;
        Instant lastFailureAt = null;
        if (deadLetters > 0) {
            Iterator<DeadLetter<? extends EventMessage<?>>> letters = queue().deadLetterSequence(uai).iterator();
            if (letters.hasNext()) {
                DeadLetter<? extends EventMessage<?>> first = letters.next();
                lastError = first.cause().map(c -> c.message()).orElse(null);
                lastFailureAt = first.lastTouched();
            }
        }
        return new TargetStatus(uai, description != null, description, state.lag(uai),
                progress.map(DirectoryStateRepository.SchoolProgress::lastPushAt).orElse(null),
                progress.map(DirectoryStateRepository.SchoolProgress::pushes).orElse(0L),
                counters.failures(uai), deadLetters, lastError, lastFailureAt,
                progress.map(DirectoryStateRepository.SchoolProgress::lastReplayAt).orElse(null),
                progress.map(DirectoryStateRepository.SchoolProgress::lastReplayBy).orElse(null),
                progress.map(DirectoryStateRepository.SchoolProgress::lastReplayWrites).orElse(null),
                view.map(TargetRepository.TargetView::updatedAt).orElse(null));
    }

    /**
     * The status of every school that has a target, by UAI, from one query: the list of schools shows
     * hundreds at once. A school without a target is absent (its status would say {@code configured: false}).
     */
    public Map<String, TargetStatus> statuses() {
        Map<String, TargetStatus> statuses = new LinkedHashMap<>();
        for (DirectoryStateRepository.TargetProgress p : state.targetProgress(IntrascolProjector.PROCESSING_GROUP)) {
            statuses.put(p.uai(), new TargetStatus(p.uai(), true, describe(p.type(), p.url(), p.baseDn(), p.directory()),
                    p.lag(), p.lastPushAt(), p.pushes(), counters.failures(p.uai()), p.deadLetters(),
                    p.deadLetters() > 0 ? p.lastError() : null, p.deadLetters() > 0 ? p.lastFailureAt() : null,
                    p.lastReplayAt(), p.lastReplayBy(), null, p.configuredAt()));
        }
        return statuses;
    }

    private static String describe(TargetSettings.Type type, String url, String baseDn, String directory) {
        return type == TargetSettings.Type.FILE ? "FILE " + directory : "LDAP " + url + " " + baseDn;
    }

    // ---------------------------------------------------------------------------------- configuration

    /** Saves the school's target; a null password keeps the stored one. */
    public void save(String uai, TargetSettings settings, String actor) {
        configuration.save(uai, settings, actor, clock.instant());
    }

    /** The school's target as stored (never the password), if it has one. */
    public Optional<TargetRepository.TargetView> view(String uai) {
        return configuration.view(uai);
    }

    /** The stored CA certificate(s), PEM, if any. */
    public Optional<String> caCertificate(String uai) {
        return configuration.caCertificate(uai);
    }

    /** Removes the school's target; answers whether it had one. The server is left as it is. */
    public boolean remove(String uai) {
        return configuration.delete(uai);
    }

    /** Connects to the school's server with its saved settings and checks it can be used. */
    public void check(String uai) {
        target(uai).check();
    }

    /** What the school's server is meant to hold for an account (its last pushed state), if anything. */
    public Optional<DirectoryAccount> entryOf(String accountId) {
        return state.find(accountId).filter(DirectoryAccount::present);
    }

    // ------------------------------------------------------------------------------------ all schools

    /** Events of schools with a server that the projector has not handled yet. */
    public long totalLag() {
        return state.totalLag();
    }

    /** Events waiting in the dead-letter queue. */
    public long deadLetters() {
        return queue().size();
    }

    /** Schools whose changes wait in the dead-letter queue. */
    public long schoolsWaiting() {
        return queue().amountOfSequences();
    }

    // ----------------------------------------------------------------------------------- one school

    /** The differences between the school's server and what the projector says it must hold. */
    public Drift drift(String uai) {
        DirectoryTarget target = target(uai);
        return transaction.execute(tx -> {
            state.lockSchool(uai);
            return target.drift(state.school(uai));
        });
    }

    /**
     * Pushes the school's whole current state to its server (a new, empty or stale one) and removes
     * what should not be there; changes waiting in the dead-letter queue are retried first, so the state
     * pushed is the latest one. The projector then keeps following the school's events.
     */
    public SyncResult replay(String uai, String actor) {
        DirectoryTarget target = target(uai);
        int retried = retryDeadLetters(uai);
        long waiting = queue().sequenceSize(uai);
        if (waiting > 0) {
            throw new TargetUnavailableException(waiting + " change(s) of this school still wait in the dead-letter"
                    + " queue and could not be pushed: " + status(uai).lastError(), null);
        }
        Drift.Repair changes = transaction.execute(tx -> {
            state.lockSchool(uai);
            Drift.Repair repair = target.syncAll(state.school(uai));
            state.markReplayed(uai, actor, clock.instant(), repair.total());
            return repair;
        });
        log.info("School {}: {} replayed by {}: {} added, {} modified, {} deleted", uai, target.describe(), actor,
                changes.added(), changes.modified(), changes.deleted());
        return new SyncResult(uai, target.describe(), retried, changes, clock.instant());
    }

    /**
     * Retries this school's dead letters now, oldest first; stops at the first that fails again.
     * Answers how many were pushed.
     */
    public int retryDeadLetters(String uai) {
        long before = queue().sequenceSize(uai);
        if (before == 0) {
            return 0;
        }
        SequencedDeadLetterProcessor<EventMessage<?>> letters = deadLetterProcessor();
        while (queue().sequenceSize(uai) > 0) {
            long size = queue().sequenceSize(uai);
            letters.process(letter -> uai.equals(sequenceOf(letter)));
            if (queue().sequenceSize(uai) >= size) {
                break; // the first letter failed again: the server is still unreachable
            }
        }
        long after = queue().sequenceSize(uai);
        log.info("School {}: {} dead letter(s) retried, {} still waiting", uai, before - after, after);
        return (int) (before - after);
    }

    /**
     * The timer: retries every sequence whose first letter has waited long enough. The pause doubles
     * with each failed retry ({@code retryInterval × 2^retries}, at most {@code maxRetryPause}), so a
     * server down for a day is not hammered, and one back after a minute is caught up within a minute.
     */
    public void retryDue() {
        if (!retriesOnTimer || queue().amountOfSequences() == 0) {
            return;
        }
        SequencedDeadLetterProcessor<EventMessage<?>> letters = deadLetterProcessor();
        Instant now = clock.instant();
        int rounds = 0;
        while (rounds++ < 10_000 && letters.process(letter -> due(letter, now))) {
            // each call handles one due sequence, as far as it goes
        }
    }

    private boolean due(DeadLetter<? extends EventMessage<?>> letter, Instant now) {
        int retries = ((Number) letter.diagnostics().getOrDefault(RETRIES, 0)).intValue();
        long pause = Math.min(maxRetryPause.toMillis(), retryInterval.toMillis() << Math.min(retries, 20));
        return !letter.lastTouched().plusMillis(pause).isAfter(now);
    }

    private static String sequenceOf(DeadLetter<? extends EventMessage<?>> letter) {
        return letter.message() instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
    }

    private DirectoryTarget target(String uai) {
        return targets.forSchool(uai).orElseThrow(() -> new NoTargetException(uai));
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return processing.deadLetterQueue(IntrascolProjector.PROCESSING_GROUP).orElseThrow(
                () -> new IllegalStateException("The IntraScol projector has no dead-letter queue"));
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> deadLetterProcessor() {
        return processing.sequencedDeadLetterProcessor(IntrascolProjector.PROCESSING_GROUP).orElseThrow(
                () -> new IllegalStateException("The IntraScol projector has no dead-letter processor"));
    }

    /** The school has no IntraScol server configured. */
    public static class NoTargetException extends RuntimeException {
        public NoTargetException(String uai) {
            super("School " + uai + " has no IntraScol server configured: PUT /api/schools/" + uai
                    + "/target first.");
        }
    }
}
