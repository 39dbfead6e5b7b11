package fr.intrascol.sync.app.axon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Times the event store's appends in the metrics: {@code intrascol.events.append} (the storage engine's
 * batched insert of one unit of work's events), {@code intrascol.events.append.committed} (from that insert to
 * the end of the transaction's commit, the fsync included), {@code intrascol.events.append.busy} (the
 * wall-clock periods during which at least one append ran: with appends running at once, the sum of
 * their times counts the same second several times, this does not) and {@code intrascol.events.appended}
 * (events).
 * Every other call goes straight to Axon's JDBC engine.
 */
public final class TimedEventStorageEngine implements EventStorageEngine {

    private final EventStorageEngine delegate;
    private final Timer append;
    private final Timer committed;
    private final Counter appended;
    private final Timer busy;
    /** Appends in progress, and since when at least one has been (the start of the current busy period). */
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong busySince = new AtomicLong();

    public TimedEventStorageEngine(EventStorageEngine delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.append = Timer.builder("intrascol.events.append")
                .description("Batched inserts of events into the event store").register(registry);
        this.committed = Timer.builder("intrascol.events.append.committed")
                .description("From the insert of a unit of work's events to its commit").register(registry);
        this.appended = Counter.builder("intrascol.events.appended")
                .description("Events appended to the event store").register(registry);
        this.busy = Timer.builder("intrascol.events.append.busy")
                .description("Periods during which at least one append was in progress (wall-clock time"
                        + " the store spent appending, however many appends ran at once)").register(registry);
    }

    /** The engine this one times (Axon's JDBC engine). */
    public EventStorageEngine delegate() {
        return delegate;
    }

    /** Wraps Axon's storage engine bean, whoever defines it. */
    @Configuration(proxyBeanMethods = false)
    public static class Wiring {

        @Bean
        static BeanPostProcessor timedEventStorageEngine(ObjectProvider<MeterRegistry> registry) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof EventStorageEngine engine && !(bean instanceof TimedEventStorageEngine)
                            ? new TimedEventStorageEngine(engine, registry.getObject()) : bean;
                }
            };
        }
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        long start = System.nanoTime();
        if (active.getAndIncrement() == 0) {
            busySince.set(start);
        }
        try {
            delegate.appendEvents(events);
        } finally {
            long end = System.nanoTime();
            long since = busySince.get();
            if (active.decrementAndGet() == 0) {
                busy.record(end - since, TimeUnit.NANOSECONDS);
            }
        }
        append.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        appended.increment(events.size());
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> committed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        }
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return delegate.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return delegate.readEvents(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
