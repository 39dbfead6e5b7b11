package fr.intrascol.sync.app.axon;

import fr.intrascol.sync.app.IntrascolProperties;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Splits each processor's segments between the processes that run processors. Axon 4 has no balancing
 * for the JDBC token store: whichever process starts first claims every segment it has a thread for.
 * So each such process heartbeats into {@code processing_node}, counts the live ones, and releases
 * (Axon's {@code releaseSegment}) the segments it holds beyond its fair share, ceil(segments / live
 * nodes), for {@code intrascol.scale.release-for}; the others, which have a free thread per segment
 * (thread-count = segment count), claim them at their next token claim interval. When a process dies,
 * its heartbeat stops counting after {@code intrascol.scale.node-timeout} and its claims expire after
 * {@code axon.eventhandling.tokenstore.claim-timeout}: the survivors then claim its segments.
 * <p>
 * Alone, a process's fair share is every segment: it never releases anything (a single process
 * behaves and answers exactly as before). A {@code command} process does not take part.
 */
@Component
public class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final ProjectionPositions positions;
    private final ProcessingNodes nodes;
    private final ScaleOutConfiguration.NodeIdentity node;
    private final Duration nodeTimeout;
    private final Duration releaseFor;
    private final Duration heartbeatInterval;
    /** Its own thread: a long dead-letter retry on Spring's scheduler must not silence the heartbeat. */
    private ScheduledExecutorService timer;
    /** Segments released by this process and until when (ms): they are not counted as held meanwhile. */
    private final Map<String, Long> released = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public SegmentBalancer(ProjectionPositions positions, ProcessingNodes nodes,
                           ScaleOutConfiguration.NodeIdentity node,
                           IntrascolProperties properties) {
        this.positions = positions;
        this.nodes = nodes;
        this.node = node;
        this.nodeTimeout = properties.scale().nodeTimeout();
        this.releaseFor = properties.scale().releaseFor();
        this.heartbeatInterval = properties.scale().heartbeatInterval();
    }

    /** Counted by the others only once ready: its processors are running and can claim what they release. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (node.role().runsProcessors() && timer == null && !stopped) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "segment-balancer");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::heartbeatAndBalance, 0, heartbeatInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    void heartbeatAndBalance() {
        if (!node.role().runsProcessors() || stopped) {
            return;
        }
        try {
            nodes.heartbeat(node.id(), node.role());
            nodes.forgetSilent(nodeTimeout.multipliedBy(30));
            balance(nodes.live(nodeTimeout));
        } catch (RuntimeException e) {
            // the database may be briefly unreachable: Axon retries its own work; try again next beat
            log.warn("Segment balancing skipped this time: {}", e.toString());
        }
    }

    /** Releases, for each processor, the segments held beyond ceil(segments / live nodes). */
    void balance(int liveNodes) {
        long now = System.currentTimeMillis();
        positions.projections().forEach((name, processor) -> {
            if (!processor.isRunning()) {
                return;
            }
            int segments = nodes.segments(name);
            if (segments == 0) {
                return;
            }
            int fairShare = (segments + liveNodes - 1) / liveNodes;
            List<Integer> held = processor.processingStatus().keySet().stream().sorted()
                    .filter(segment -> released.getOrDefault(name + "/" + segment, 0L) < now)
                    .toList();
            for (int i = held.size() - 1; i >= fairShare; i--) {
                int segment = held.get(i);
                log.info("Processor {}: releasing segment {} ({} held, fair share {} of {} segments for {} live"
                        + " nodes)", name, segment, held.size(), fairShare, segments, liveNodes);
                released.put(name + "/" + segment, now + releaseFor.toMillis());
                processor.releaseSegment(segment, releaseFor.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** A process that stops says so at once: the others need not wait for its heartbeat to age. */
    @PreDestroy
    public void leave() {
        stopped = true;
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (node.role().runsProcessors()) {
            try {
                nodes.remove(node.id());
            } catch (RuntimeException e) {
                log.debug("Could not remove node {} from processing_node: {}", node.id(), e.toString());
            }
        }
    }
}
