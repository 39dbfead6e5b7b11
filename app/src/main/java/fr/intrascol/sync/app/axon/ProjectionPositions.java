package fr.intrascol.sync.app.axon;

import fr.intrascol.sync.app.web.ReadYourWrites;
import fr.intrascol.sync.query.intrascol.IntrascolProjector;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
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
 * asynchronously, one processor each. Two questions are answered here: whether a projection has
 * processed one given event ({@link #processed}: what a write waits for, see {@link ReadModelFence}), and
 * whether it has gone past the whole store ({@link #awaitReadModels}: the benchmark, after a bulk load).
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

    /**
     * The read models a write waits for: every projection but the IntraScol projector, which follows a
     * remote server that may be down and whose progress has its own status.
     */
    public Map<String, StreamingEventProcessor> readModels() {
        Map<String, StreamingEventProcessor> readModels = projections();
        readModels.remove(IntrascolProjector.PROCESSING_GROUP);
        return readModels;
    }

    /** The global index of the last stored event, -1 when the store is empty. */
    public long head() {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    /**
     * Waits until every read model has processed the last event stored so far: after a bulk load (the
     * benchmark), when everything stored must show. A write waits for its own school's last event
     * instead ({@link ReadModelFence}): the head of the store moves on with every other school's writes.
     * A transaction still open when the head is read (a gap below it) is not waited for.
     *
     * @return whether they all got there within {@code timeout}
     */
    public boolean awaitReadModels(Duration timeout) {
        long head = head();
        Map<String, StreamingEventProcessor> late = readModels();
        return head < 0 || ReadYourWrites.until(() -> {
            late.entrySet().removeIf(entry -> processed(entry.getKey(), entry.getValue(), head));
            return late.isEmpty();
        }, timeout);
    }

    /**
     * Whether the projection has processed the event at global index {@code index} (its read model shows
     * it), wherever it runs: from this process's memory when it holds every segment (no query), otherwise
     * from the tokens committed in token_entry with the read model (a {@code command} process, or
     * segments shared with other processes). Every segment must have processed it: each one reads the
     * whole stream, and which segment the event belongs to does not matter here.
     */
    public boolean processed(String name, StreamingEventProcessor processor, long index) {
        Boolean here = processedHere(processor, index);
        return here != null ? here : processedShared(name, index);
    }

    /** As {@link #processed}, from this process's memory; null when it does not hold every segment. */
    static Boolean processedHere(StreamingEventProcessor processor, long index) {
        long covered = 0;
        boolean processed = true;
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            covered += (1L << 32) / (status.getSegment().getMask() + 1L);
            processed &= covers(status.getTrackingToken(), index);
        }
        return covered == 1L << 32 ? processed : null;
    }

    /** As {@link #processed}, from the tokens committed in token_entry. */
    public boolean processedShared(String name, long index) {
        List<ProcessingNodes.TokenRow> rows = nodes.tokens(name);
        if (rows.isEmpty()) {
            return false;
        }
        for (ProcessingNodes.TokenRow row : rows) {
            if (!covers(token(row), index)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code token} says that the event at global index {@code index} was processed. With the JDBC
     * store the token is a {@link GapAwareTrackingToken}: {@code getIndex()} is the highest index seen, and
     * {@code getGaps()} the lower indexes not seen yet (taken by transactions not committed when the
     * processor read past them: they are read when they commit). So processed means
     * {@code index <= getIndex()} and {@code index} not a gap. Neither {@code position()} (the highest
     * index: true for a gap too) nor Axon's {@code covers(GapAwareTrackingToken.newInstance(index, none))}
     * (which also requires no gap at all below {@code index}, so another school's transaction still open
     * would hold the wait) says exactly that. During a replay the token is wrapped: the position reached
     * in the replay ({@link WrappedToken#unwrapLowerBound}) is what the read model has.
     */
    public static boolean covers(TrackingToken token, long index) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return index <= gapAware.getIndex() && !gapAware.getGaps().contains(index);
        }
        return current != null && current.position().orElse(-1) >= index;
    }

    private TrackingToken token(ProcessingNodes.TokenRow row) {
        if (row.token() == null || row.tokenType() == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(row.token(), byte[].class, row.tokenType(), null));
    }

    /**
     * Where one projection is: the lowest position of the segments this process holds, whether they
     * cover the whole stream, whether all have gone past {@code last}, and the error of one in error.
     * Positions only, not Axon's "caught up" flag: that one is raised whenever the stream has nothing
     * buffered at that instant, which can happen while a processor still has events to read. A position
     * moves on events a projection has no handler for too. It is the highest index seen, gaps below it
     * included: a figure of progress (the pages, a rebuild), not proof that one event was processed
     * ({@link #processed} is).
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
            TrackingToken token = token(row);
            lowest = Math.min(lowest, token == null ? -1 : token.position().orElse(-1));
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
