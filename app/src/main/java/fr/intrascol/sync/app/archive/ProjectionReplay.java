package fr.intrascol.sync.app.archive;

import org.axonframework.springboot.TokenStoreProperties;
import fr.intrascol.sync.app.axon.ProjectionPositions;
import fr.intrascol.sync.app.axon.ProjectionPositions.Position;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rebuilds every projection from the event store and waits until each has caught up: the processors are
 * taken from Axon's configuration, not named, so a projection added later is rebuilt too. Each is shut
 * down, its tokens reset (its {@code @ResetHandler} empties its tables), and started again, exactly like
 * {@code POST /api/admin/projections/{name}/rebuild}; then this waits until every segment has processed
 * the last event, so that the read models are complete when the import command returns.
 */
@Component
public class ProjectionReplay {

    private final ProjectionPositions positions;
    private final Duration claimWait;

    /**
     * @param claimTimeout how long a claim on a segment holds without being renewed: a process that
     *                     stopped without releasing its claims (killed, or stopped while starting up) blocks
     *                     a reset that long, so a reset is tried again for that long and a bit more
     */
    public ProjectionReplay(ProjectionPositions positions,
                            TokenStoreProperties tokenStore) {
        Duration claimTimeout = tokenStore.getClaimTimeout();
        this.positions = positions;
        this.claimWait = claimTimeout.plusSeconds(5);
    }

    /** The streaming processors (the projections), by name. Subscribing processors replay nothing. */
    public Map<String, StreamingEventProcessor> projections() {
        return positions.projections();
    }

    /**
     * Shuts every projection down, resets it and starts it again. A processor that cannot be reset (its
     * handlers disallow replays) is only restarted. Every processor is started again even if one fails.
     *
     * @throws ArchiveException naming the projections that could not be reset (another running instance
     *                          holds part of them)
     */
    public void resetAll() throws ArchiveException, InterruptedException {
        reset(projections().keySet());
    }

    /** As {@link #resetAll()}, for the named projections only. */
    public void reset(Set<String> names) throws ArchiveException, InterruptedException {
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, StreamingEventProcessor> entry : projections().entrySet()) {
            if (!names.contains(entry.getKey())) {
                continue;
            }
            StreamingEventProcessor processor = entry.getValue();
            // a tracking processor shut down while it is still launching its workers can leave a segment
            // unclaimed for good after its restart: let the launch settle first
            awaitLaunched(processor, System.nanoTime() + claimWait.toNanos());
            processor.shutDown();
            try {
                if (processor.supportsReset()) {
                    reset(processor, System.nanoTime() + claimWait.toNanos());
                }
            } catch (RuntimeException e) {
                failed.add(entry.getKey() + " (" + e.getClass().getSimpleName() + ")");
            } finally {
                processor.start();
            }
        }
        if (!failed.isEmpty()) {
            throw new ArchiveException("Could not reset the projections " + failed + ": another running"
                    + " instance of the application holds part of them. Stop every other instance, then rebuild"
                    + " them with POST /api/admin/projections/{name}/rebuild.");
        }
    }

    /** Waits until the processor's workers cover the whole stream, or until {@code deadline}. */
    private static void awaitLaunched(StreamingEventProcessor processor, long deadline) throws InterruptedException {
        while (processor.isRunning() && !ProjectionPositions.position(processor, -1).complete()
                && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
    }

    /** A reset claims every segment; a claim left by a stopped process expires after the claim timeout. */
    private static void reset(StreamingEventProcessor processor, long deadline) throws InterruptedException {
        while (true) {
            try {
                processor.resetTokens();
                return;
            } catch (UnableToClaimTokenException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Waits until every segment of every projection has gone past the event at {@code lastGlobalIndex},
     * printing each one's position now and then (see {@link ProjectionPositions#position}).
     *
     * @throws ArchiveException when {@code timeout} passes first
     */
    public void awaitCaughtUp(long lastGlobalIndex, Duration timeout, Consumer<String> progress)
            throws ArchiveException, InterruptedException {
        awaitCaughtUp(projections().keySet(), lastGlobalIndex, timeout, progress);
    }

    /** As {@link #awaitCaughtUp(long, Duration, Consumer)}, for the named projections only. */
    public void awaitCaughtUp(Set<String> names, long lastGlobalIndex, Duration timeout, Consumer<String> progress)
            throws ArchiveException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = 0;
        Map<String, Long> incompleteSince = new HashMap<>();
        while (true) {
            Map<String, StreamingEventProcessor> projections = new LinkedHashMap<>(projections());
            projections.keySet().retainAll(names);
            List<String> positions = new ArrayList<>();
            boolean done = true;
            for (Map.Entry<String, StreamingEventProcessor> entry : projections.entrySet()) {
                Position position = ProjectionPositions.position(entry.getValue(), lastGlobalIndex);
                if (position.complete()) {
                    incompleteSince.remove(entry.getKey());
                } else if (System.nanoTime() - incompleteSince.computeIfAbsent(entry.getKey(), k -> System.nanoTime())
                        > claimWait.toNanos()) {
                    // its workers still miss a segment that nobody holds a claim timeout later: Axon's launcher
                    // gave up on it (seen after a shutdown during the launch); starting it again claims it
                    entry.getValue().shutDown();
                    entry.getValue().start();
                    incompleteSince.put(entry.getKey(), System.nanoTime());
                }
                done &= position.caughtUp();
                positions.add(entry.getKey() + " " + position.describe(lastGlobalIndex));
            }
            String line = String.join(", ", positions);
            if (done) {
                progress.accept(line);
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ArchiveException("The projections did not catch up within " + timeout + " (" + line
                        + "). The events are imported; the projections go on at the next start (follow them with"
                        + " GET /api/admin/projections). Raise --intrascol.archive.rebuild-timeout if needed.");
            }
            if (System.nanoTime() - nextReport > 0) {
                progress.accept(line);
                nextReport = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
            Thread.sleep(100);
        }
    }
}
