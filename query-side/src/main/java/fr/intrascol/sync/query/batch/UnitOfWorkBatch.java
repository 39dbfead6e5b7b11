package fr.intrascol.sync.query.batch;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes of a projection gathered over one batch of events and sent to the database together.
 *
 * <p>A streaming processor hands its handlers a batch of events inside one unit of work and one
 * transaction. Writing each event's rows as it comes costs a round trip per statement; gathering
 * them and flushing them as JDBC batches just before the transaction commits costs a few round trips
 * per batch, which is what lets a rebuild or a département's import keep up with the event store.
 * The flush runs in the same transaction as the processor's token update, so a batch is written
 * whole or not at all.
 */
public final class UnitOfWorkBatch {

    private UnitOfWorkBatch() {
    }

    /**
     * The batch of type {@code B} of the current unit of work, created on first use and flushed when
     * the unit of work prepares to commit. Outside a unit of work (a direct call), a fresh batch is
     * given to {@code use} and flushed right after.
     */
    public static <B> void with(String key, Function<List<? extends EventMessage<?>>, B> create,
                                Consumer<B> flush, Consumer<B> use) {
        if (!CurrentUnitOfWork.isStarted()) {
            B batch = create.apply(List.of());
            use.accept(batch);
            flush.accept(batch);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        B batch = unitOfWork.getOrComputeResource(key, k -> {
            B created = create.apply(messages(unitOfWork));
            unitOfWork.onPrepareCommit(u -> flush.accept(created));
            return created;
        });
        use.accept(batch);
    }

    /** Every event of the processor's batch, so that a projection can read what it needs in one query. */
    static List<? extends EventMessage<?>> messages(UnitOfWork<?> unitOfWork) {
        if (unitOfWork instanceof BatchingUnitOfWork<?> batching) {
            return batching.getMessages().stream()
                    .filter(EventMessage.class::isInstance)
                    .map(m -> (EventMessage<?>) m)
                    .toList();
        }
        Object message = unitOfWork.getMessage();
        return message instanceof EventMessage<?> event ? List.of(event) : List.of();
    }
}
