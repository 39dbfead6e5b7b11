package fr.intrascol.sync.app.axon;

import fr.intrascol.sync.app.web.ReadYourWrites;
import fr.intrascol.sync.query.intrascol.IntrascolProjector;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each projection stands in the event stream. The read models follow the event store
 * asynchronously, one processor each; after a change that touches many accounts (an import applied or
 * rolled back), the person who made it must see all of it, so the answer waits until every read model
 * has gone past the last stored event ({@link #awaitReadModels}).
 */
@Component
public class ProjectionPositions {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final ProcessingNodes nodes;
    private final Serializer serializer;

    public ProjectionPositions(EventProcessingConfiguration processing, JdbcTemplate jdbc, ProcessingNodes nodes,
                               Serializer serializer) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.nodes = nodes;
        this.serializer = serializer;
    }

    /** The streaming processors (the projections), by name. Subscribing processors replay nothing. */
    public Map<String, StreamingEventProcessor> projections() {
        Map<String, StreamingEventProcessor> projections = new LinkedHashMap<>();
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor streaming) {
                projections.put(entry.getKey(), streaming);
            }
        }
        return projections;
    }

    /** The global index of the last stored event, -1 when the store is empty. */
    public long head() {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    /**
     * Waits until every read model has handled every event stored so far. The IntraScol projector is not
     * waited for: it follows a remote server that may be down, and its progress has its own status. A
     * processor this process holds whole is read from memory (no query: the single-process case); one
     * that other processes hold, in part or whole (always so in a {@code command} process), is read from
     * the tokens they commit in token_entry with its read model.
     *
     * @return whether they all got there within {@code timeout}
     */
    public boolean awaitReadModels(Duration timeout) {
        long head = head();
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        while (true) {
            boolean done = true;
            for (Map.Entry<String, StreamingEventProcessor> entry : projections().entrySet()) {
                if (!entry.getKey().equals(IntrascolProjector.PROCESSING_GROUP)) {
                    done &= position(entry.getKey(), entry.getValue(), head).caughtUp();
                }
            }
            if (done || System.nanoTime() - deadline > 0) {
                return done;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, ReadYourWrites.MAX_PAUSE_MILLIS);
        }
    }

    /**
     * Where one projection is: the lowest position of the segments this process holds, whether they
     * cover the whole stream, whether all have gone past {@code last}, and the error of one in error.
     * Positions only, not Axon's "caught up" flag: that one is raised whenever the stream has nothing
     * buffered at that instant, which can happen while a processor still has events to read. A position
     * moves on events a projection has no handler for too.
     */
    public record Position(long lowest, boolean complete, boolean caughtUp, String error) {

        public String describe(long last) {
            if (error != null) {
                return "retrying after " + error;
            }
            if (!complete) {
                return "starting";
            }
            return caughtUp ? "done" : Math.max(lowest, 0) + "/" + last;
        }
    }

    /**
     * Where one projection is, wherever it runs: from this process's memory when it holds every segment,
     * otherwise from the tokens committed in token_entry (whoever holds them; an error in another process
     * is not visible, only its lack of progress).
     */
    public Position position(String name, StreamingEventProcessor processor, long last) {
        Position local = position(processor, last);
        return local.complete() ? local : shared(name, last);
    }

    /** Where a projection is according to token_entry: the lowest committed position of its segments. */
    public Position shared(String name, long last) {
        List<ProcessingNodes.TokenRow> rows = nodes.tokens(name);
        if (rows.isEmpty()) {
            return new Position(-1, false, false, null);
        }
        long lowest = Long.MAX_VALUE;
        for (ProcessingNodes.TokenRow row : rows) {
            long at = -1;
            if (row.token() != null && row.tokenType() != null) {
                TrackingToken token = serializer.deserialize(
                        new SimpleSerializedObject<>(row.token(), byte[].class, row.tokenType(), null));
                at = token == null ? -1 : token.position().orElse(-1);
            }
            lowest = Math.min(lowest, at);
        }
        return new Position(lowest, true, lowest >= last, null);
    }

    public static Position position(StreamingEventProcessor processor, long last) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        // the segments this process holds must cover the whole stream: masks 0 (one segment), 1 (two)...
        long covered = 0;
        long lowest = Long.MAX_VALUE;
        boolean caughtUp = processor.isRunning();
        String error = null;
        for (EventTrackerStatus status : segments.values()) {
            covered += (1L << 32) / (status.getSegment().getMask() + 1L);
            long at = status.getCurrentPosition().orElse(-1L);
            lowest = Math.min(lowest, at);
            if (status.isErrorState()) {
                error = status.getError() == null ? "an error" : status.getError().getClass().getSimpleName();
            }
            caughtUp &= !status.isErrorState() && at >= last;
        }
        boolean complete = covered == 1L << 32;
        return new Position(lowest == Long.MAX_VALUE ? -1 : lowest, complete, complete && caughtUp, error);
    }
}
