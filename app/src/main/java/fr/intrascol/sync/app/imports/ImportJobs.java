package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.audit.ActorMetadata;
import fr.intrascol.sync.app.axon.ProjectionPositions;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.ImportApplication;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.query.intrascol.TargetSync;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Imports being applied for the pages, in the background: applying a whole school stores every change
 * at once and then waits for the read models, which the director watches on a progress page instead of
 * a request that hangs. One job per import in this process (a second click finds the first job, it
 * never applies twice); what a job keeps is its stage, what it did (counts) or why it was refused, and
 * the director's choices, to put back in the form after a refusal. Never the new passwords: those stay
 * in {@link CredentialsSheets}.
 *
 * <p>The worker thread acts as the person who clicked: their authentication is carried to it, so the
 * changes' actor ({@code ActorMetadata}) is theirs, as with a request.
 */
@Component
public class ImportJobs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    /** Finished jobs are kept this long, so that their pages still answer. */
    private static final Duration KEEP = Duration.ofHours(2);

    public enum Stage {
        /** The school checks the decisions and stores every change (all or nothing). */
        STORING,
        /** Stored; the read models (accounts, histories, imports) are catching up. */
        CATCHING_UP,
        DONE,
        FAILED
    }

    /** One apply. Its fields are written by the worker and read by the pages. */
    public static final class Job {
        private final String importId;
        private final String uai;
        private final String actor;
        private final ImportService.ApplyOptions options;
        private final Instant startedAt;
        private volatile Stage stage = Stage.STORING;
        private volatile long headBefore = -1;
        private volatile long headAfter = -1;
        private volatile Instant finishedAt;
        private volatile ImportSummary summary;
        private volatile int opened;
        private volatile RuntimeException failure;

        Job(String importId, String uai, String actor, ImportService.ApplyOptions options, Instant startedAt) {
            this.importId = importId;
            this.uai = uai;
            this.actor = actor;
            this.options = options;
            this.startedAt = startedAt;
        }

        public String importId() {
            return importId;
        }

        public String uai() {
            return uai;
        }

        /** Who applies it. */
        public String actor() {
            return actor;
        }

        public ImportService.ApplyOptions options() {
            return options;
        }

        public Instant startedAt() {
            return startedAt;
        }

        public Stage stage() {
            return stage;
        }

        public boolean running() {
            return stage == Stage.STORING || stage == Stage.CATCHING_UP;
        }

        /** What applying did; null until done. */
        public ImportSummary summary() {
            return summary;
        }

        /** How many accounts were opened (cards on the credentials sheet). */
        public int opened() {
            return opened;
        }

        /** Why it was refused or failed; null unless {@link Stage#FAILED}. */
        public RuntimeException failure() {
            return failure;
        }

        Instant finishedAt() {
            return finishedAt;
        }
    }

    /** How far the read models are through the events the apply stored: {@code done} of {@code total}. */
    public record Progress(long done, long total) {
        public int percent() {
            return total <= 0 ? 100 : (int) Math.min(100, 100 * done / total);
        }
    }

    private final ImportService imports;
    private final ProjectionPositions positions;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    public ImportJobs(ImportService imports, ProjectionPositions positions) {
        this.imports = imports;
        this.positions = positions;
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "import-apply-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // two schools at once at most: each apply is one big transaction on the database
        this.executor = Executors.newFixedThreadPool(2, factory);
    }

    /**
     * Starts applying the import as the current user, or answers the job already running or done for
     * it (a failed one is replaced: the director tries again with other choices).
     */
    public Job start(String importId, String uai, ImportService.ApplyOptions options) {
        purge();
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Job created = new Job(importId, uai, ActorMetadata.currentActor(), options, clock.instant());
        Job job = jobs.compute(importId, (id, old) -> old != null && old.stage != Stage.FAILED ? old : created);
        if (job != created) {
            return job;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        try {
            executor.execute(new DelegatingSecurityContextRunnable(() -> run(job), context));
        } catch (RejectedExecutionException e) {
            fail(job, e);
        }
        return job;
    }

    public Optional<Job> find(String importId) {
        purge();
        return Optional.ofNullable(jobs.get(importId));
    }

    /** Where the read models are, for a job catching up; measured, never estimated. */
    public Progress progress(Job job) {
        long from = job.headBefore;
        long to = job.headAfter;
        if (job.stage == Stage.DONE || from < 0 || to <= from) {
            return new Progress(1, 1);
        }
        long least = to;
        for (Map.Entry<String, StreamingEventProcessor> entry : positions.projections().entrySet()) {
            if (entry.getKey().equals(TargetSync.PROCESSING_GROUP)) {
                continue; // a school server may be down: its push has its own status
            }
            ProjectionPositions.Position position = positions.position(entry.getKey(), entry.getValue(), to);
            if (position.complete()) {
                least = Math.min(least, Math.max(position.lowest(), from));
            }
        }
        return new Progress(least - from, to - from);
    }

    private void run(Job job) {
        try {
            job.headBefore = positions.head();
            ImportApplication application = imports.apply(job.importId, job.options, () -> {
                job.headAfter = positions.head();
                job.stage = Stage.CATCHING_UP;
            });
            job.summary = application.summary();
            job.opened = application.credentials().size();
            job.finishedAt = clock.instant();
            job.stage = Stage.DONE;
        } catch (RuntimeException e) {
            fail(job, e);
        }
    }

    private void fail(Job job, RuntimeException e) {
        CommandRejectedException rejected = cause(e, CommandRejectedException.class);
        InvalidValueException invalid = cause(e, InvalidValueException.class);
        if (rejected != null) {
            // the code only: a refusal's message may quote a pupil's name
            log.info("Applying import {} was refused: {}", job.importId, rejected.code());
        } else if (invalid != null) {
            log.info("Applying import {} was refused: invalid {}", job.importId, invalid.field());
        } else if (cause(e, ConcurrencyException.class) != null) {
            log.info("Applying import {} met a concurrent change of the school", job.importId);
        } else {
            log.error("Applying import {} failed", job.importId, e);
        }
        job.failure = e;
        job.finishedAt = clock.instant();
        job.stage = Stage.FAILED;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private void purge() {
        Instant limit = clock.instant().minus(KEEP);
        jobs.values().removeIf(j -> j.finishedAt != null && j.finishedAt.isBefore(limit));
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
