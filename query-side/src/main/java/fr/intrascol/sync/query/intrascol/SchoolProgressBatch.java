package fr.intrascol.sync.query.intrascol;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the IntraScol projector reads and writes per school over one batch of events (a unit of work):
 * the last sequence handled, read once per school and then followed in memory; the school's target,
 * looked up once per school; and the progress rows, written together when the batch commits, in the
 * same transaction as the token. Before, each event cost three statements for these alone.
 */
final class SchoolProgressBatch {

    /** The progress of one school in this batch: its last handled sequence, pushes and the last one's time. */
    record Handled(String uai, long lastSequence, int pushes, Instant lastPushAt) {
    }

    private final DirectoryStateRepository state;
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final Map<String, Optional<DirectoryTarget>> targets = new HashMap<>();
    private final Map<String, Handled> handled = new LinkedHashMap<>();

    SchoolProgressBatch(DirectoryStateRepository state) {
        this.state = state;
    }

    long lastSequence(String uai) {
        return lastSequence.computeIfAbsent(uai, state::lastSequence);
    }

    Optional<DirectoryTarget> target(String uai, Function<String, Optional<DirectoryTarget>> lookup) {
        return targets.computeIfAbsent(uai, lookup);
    }

    /** The event {@code sequence} of the school is handled; {@code pushedAt} when it reached the server. */
    void handled(String uai, long sequence, Instant pushedAt) {
        lastSequence.put(uai, sequence);
        handled.merge(uai, new Handled(uai, sequence, pushedAt == null ? 0 : 1, pushedAt),
                (old, now) -> new Handled(uai, now.lastSequence(), old.pushes() + now.pushes(),
                        now.lastPushAt() != null ? now.lastPushAt() : old.lastPushAt()));
    }

    void flush() {
        state.markHandled(handled.values());
    }
}
