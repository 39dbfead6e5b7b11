package fr.intrascol.sync.query.intrascol;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the IntraScol projector reads and writes per school over one batch of events (a unit of work):
 * the last sequence handled and the school's accounts, read once per school and then followed in memory;
 * the school's target, looked up once per school; how far the school's server already holds the batch's
 * changes (pushed together at the school's first event); and the accounts' and progress rows, written
 * together when the batch commits, in the same transaction as the token. Before, each event cost five
 * statements for these alone.
 */
final class SchoolProgressBatch {

    /** The progress of one school in this batch: its last handled sequence, pushes and the last one's time. */
    record Handled(String uai, long lastSequence, int pushes, Instant lastPushAt) {
    }

    private final DirectoryStateRepository state;
    private final List<? extends EventMessage<?>> messages;
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final Map<String, Map<String, DirectoryAccount>> accounts = new HashMap<>();
    private final Map<String, Long> pushedThrough = new HashMap<>();
    private final Map<String, DirectoryAccount> saved = new LinkedHashMap<>();
    private final Map<String, Optional<DirectoryTarget>> targets = new HashMap<>();
    private final Map<String, Handled> handled = new LinkedHashMap<>();

    SchoolProgressBatch(DirectoryStateRepository state, List<? extends EventMessage<?>> messages) {
        this.state = state;
        this.messages = messages;
    }

    /** The school's accounts as handled so far (read once per school, then followed in memory), by id. */
    Map<String, DirectoryAccount> accounts(String uai) {
        return accounts.computeIfAbsent(uai, u -> {
            Map<String, DirectoryAccount> byId = new LinkedHashMap<>();
            state.school(u).forEach(a -> byId.put(a.accountId(), a));
            return byId;
        });
    }

    /** The account as the projector's state must now hold it: written when the batch commits. */
    void save(DirectoryAccount account) {
        accounts(account.uai()).put(account.accountId(), account);
        saved.put(account.accountId(), account);
    }

    /** The school's events in this batch from {@code sequence} on, in their order. */
    List<DomainEventMessage<?>> eventsFrom(String uai, long sequence) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (EventMessage<?> message : messages) {
            if (message instanceof DomainEventMessage<?> domain && uai.equals(domain.getAggregateIdentifier())
                    && domain.getSequenceNumber() >= sequence) {
                events.add(domain);
            }
        }
        events.sort(Comparator.comparingLong(DomainEventMessage::getSequenceNumber));
        return events;
    }

    /** Whether the school's server already holds the changes of its event {@code sequence} in this batch. */
    boolean pushed(String uai, long sequence) {
        return pushedThrough.getOrDefault(uai, -1L) >= sequence;
    }

    /** The school's server holds the changes of its events up to {@code sequence} in this batch. */
    void pushedThrough(String uai, long sequence) {
        pushedThrough.merge(uai, sequence, Math::max);
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
        state.saveAll(saved.values());
        state.markHandled(handled.values());
    }
}
