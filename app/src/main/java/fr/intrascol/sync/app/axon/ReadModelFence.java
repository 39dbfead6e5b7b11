package fr.intrascol.sync.app.axon;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.app.web.ReadYourWrites;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Read-your-writes for a school's writes: after a command on a school has returned, waits (up to
 * {@code intrascol.read-your-writes-timeout}) until the read models have processed the school's last
 * event, so that whoever made the change sees all of it.
 *
 * <p>Keyed on the school's own last event, not on the head of the store: in September every school of
 * a département imports at once, and a wait for the head waited for every other school's events stored
 * meanwhile (the head moves on while one waits). A processor handles the stream in order, so the events
 * stored before this school's last one are processed first all the same; those stored after it are not
 * waited for. "Processed" is exact ({@link ProjectionPositions#covers}): an event is not taken as
 * processed because a later one was (a gap: a transaction that committed late), and another school's
 * transaction still open below this school's event does not hold the wait.
 *
 * <p>Works wherever the processors run: from this process's memory when it holds every segment, from
 * token_entry otherwise ({@link ProjectionPositions#processed}).
 */
@Component
public class ReadModelFence {

    private static final Logger log = LoggerFactory.getLogger(ReadModelFence.class);

    private final ProjectionPositions positions;
    private final JdbcTemplate jdbc;
    private final Duration timeout;

    public ReadModelFence(ProjectionPositions positions, JdbcTemplate jdbc,
                          IntrascolProperties properties) {
        this.positions = positions;
        this.jdbc = jdbc;
        this.timeout = properties.readYourWritesTimeout();
    }

    /**
     * The global index of the school's last stored event, -1 when it has none. The school is the
     * aggregate; its last event by sequence number is its last by global index too (one writer at a
     * time per school: the unique (aggregate, sequence) makes a second one fail), and is one entry of
     * that unique index, where {@code max(global_index)} would read every event the school ever had.
     */
    public long lastEvent(Uai uai) {
        List<Long> last = jdbc.queryForList("""
                SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?
                ORDER BY sequence_number DESC LIMIT 1""", Long.class, uai.value());
        return last.isEmpty() ? -1 : last.get(0);
    }

    /**
     * Waits until every read model (accounts, history, imports: not the IntraScol projector) has processed
     * the school's last event, read now: call it right after the command returned.
     *
     * @return whether they did within the timeout (a write then answers 202, or says so in the log)
     */
    public boolean awaitSchool(Uai uai) {
        return awaitSchool(uai, positions.readModels());
    }

    /**
     * As {@link #awaitSchool(Uai)}, for the named read models only: a write whose answer shows one read
     * model (an uploaded plan, a discarded one: the imports read model) does not wait for the others.
     */
    public boolean awaitSchool(Uai uai, String... readModels) {
        Map<String, StreamingEventProcessor> named = positions.readModels();
        named.keySet().retainAll(Arrays.asList(readModels));
        return awaitSchool(uai, named);
    }

    private boolean awaitSchool(Uai uai, Map<String, StreamingEventProcessor> readModels) {
        long last = lastEvent(uai);
        if (last < 0) {
            return true;
        }
        if (!awaitEvent(last, readModels)) {
            log.warn("School {}: the read models {} had not processed its last event ({}) within {}; answers may"
                    + " miss its last change for a moment", uai, readModels.keySet(), last, timeout);
            return false;
        }
        return true;
    }

    /** Waits until every read model has processed the event at global index {@code index}. */
    public boolean awaitEvent(long index) {
        return awaitEvent(index, positions.readModels());
    }

    /** Leaves {@code late} with the read models that had not processed the event in time. */
    private boolean awaitEvent(long index, Map<String, StreamingEventProcessor> late) {
        return ReadYourWrites.until(() -> {
            late.entrySet().removeIf(entry -> positions.processed(entry.getKey(), entry.getValue(), index));
            return late.isEmpty();
        }, timeout);
    }
}
