package fr.intrascol.sync.query.history;

import fr.intrascol.sync.message.event.AccountEvent;
import fr.intrascol.sync.message.event.AccountErased;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.ChangePage;
import fr.intrascol.sync.message.query.FindAccountHistory;
import fr.intrascol.sync.message.query.FindChanges;
import fr.intrascol.sync.query.batch.EventPositions;
import fr.intrascol.sync.query.batch.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Who changed which account, when, through what and why, field by field: one row per account event,
 * keyed by the event's own position in the store ({@link EventPositions}). Serves both an account's history and the audit log.
 */
@Component
@ProcessingGroup(HistoryProjection.PROCESSING_GROUP)
public class HistoryProjection {

    public static final String PROCESSING_GROUP = "history";
    private static final String BATCH = HistoryProjection.class.getName() + ".batch";

    private final AccountChangeRepository repository;
    private final EventPositions positions;

    public HistoryProjection(AccountChangeRepository repository, EventPositions positions) {
        this.repository = repository;
        this.positions = positions;
    }

    @EventHandler
    void on(AccountEvent event, EventMessage<?> message, TrackingToken token) {
        MetaData meta = message.getMetaData();
        long index = positions.of(message, token);
        AccountChangeRepository.Stored entry = new AccountChangeRepository.Stored(new ChangeEntry(index,
                message.getTimestamp(), event.uai().value(), event.accountId().value(), text(meta, MetadataKeys.ACTOR),
                text(meta, MetadataKeys.ORIGIN), text(meta, MetadataKeys.IMPORT_ID), text(meta, MetadataKeys.REASON),
                text(meta, MetadataKeys.CORRELATION_ID), event.getClass().getSimpleName(),
                ChangeDescriber.describe(event)), message.getIdentifier());
        // the batch's entries are written together when its transaction commits (UnitOfWorkBatch)
        UnitOfWorkBatch.with(BATCH, messages -> new ArrayList<AccountChangeRepository.Stored>(), this::write,
                batch -> batch.add(entry));
    }

    /** Writes a batch; then the entries of a person erased in it lose every personal value (« [effacé] »). */
    private void write(List<AccountChangeRepository.Stored> batch) {
        repository.insertAll(batch);
        batch.stream().filter(s -> s.entry().type().equals(AccountErased.class.getSimpleName()))
                .forEach(s -> repository.scrub(s.entry().accountId()));
    }

    @ResetHandler
    void reset() {
        repository.deleteAll();
    }

    @QueryHandler
    public List<ChangeEntry> handle(FindAccountHistory query) {
        return repository.forAccount(query.accountId().value());
    }

    @QueryHandler
    public ChangePage handle(FindChanges query) {
        return repository.find(query);
    }

    private static String text(MetaData meta, String key) {
        Object value = meta.get(key);
        return value == null ? null : value.toString();
    }
}
