package fr.intrascol.sync.query.batch;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An event's own position (global index) in the event store, for the projections that key or order rows by
 * it. The tracking token is not that position: the JDBC store's token holds the highest index seen and the
 * gaps below it, and an event whose transaction committed after a later one's (two schools written at the
 * same moment) fills a gap with the token's index still at the later event's. Keyed by the token's
 * position, such an event took another event's key: the history kept one of the two and lost the other
 * (the load test with writes spread over schools found it). The positions of a processor's whole batch
 * are read in one query on the event identifiers (unique, indexed).
 */
@Component
public class EventPositions {

    private static final String KEY = EventPositions.class.getName() + ".positions";

    private final JdbcClient jdbc;

    public EventPositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The global index of {@code message}, delivered with {@code token}. */
    public long of(EventMessage<?> message, TrackingToken token) {
        boolean inBatch = CurrentUnitOfWork.isStarted();
        Map<String, Long> positions = inBatch
                ? CurrentUnitOfWork.get().getOrComputeResource(KEY, key -> read(UnitOfWorkBatch.messages(
                        CurrentUnitOfWork.get())))
                : read(List.of(message));
        Long position = positions.get(message.getIdentifier());
        if (position == null && inBatch) {
            // not among the batch's messages (handled outside a processor's batch): its own lookup
            position = read(List.of(message)).get(message.getIdentifier());
        }
        if (position != null) {
            return position;
        }
        return token.position().orElseThrow(() -> new IllegalStateException(
                "No position for event " + message.getIdentifier() + " in the event store or its token"));
    }

    private Map<String, Long> read(List<? extends EventMessage<?>> messages) {
        Map<String, Long> positions = new HashMap<>();
        if (messages.isEmpty()) {
            return positions;
        }
        String[] ids = messages.stream().map(EventMessage::getIdentifier).toArray(String[]::new);
        jdbc.sql("SELECT event_identifier, global_index FROM domain_event_entry WHERE event_identifier = ANY(?)")
                .param(ids)
                .query((rs, n) -> positions.put(rs.getString(1), rs.getLong(2)))
                .list();
        return positions;
    }
}
