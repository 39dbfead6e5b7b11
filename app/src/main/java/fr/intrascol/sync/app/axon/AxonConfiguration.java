package fr.intrascol.sync.app.axon;

import org.axonframework.springboot.TokenStoreProperties;
import fr.intrascol.sync.query.config.QuerySideProperties;
import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.query.intrascol.IntrascolProjector;
import fr.intrascol.sync.query.intrascol.TargetSync;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Axon on Spring Boot 4 with the JDBC event store in Flyway-owned snake_case tables.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /**
     * Axon's own transaction auto-configuration orders itself after Boot 3 class names and silently
     * falls back to no transactions on Boot 4 (STACK-NOTES, pitfall 1). Events, tokens and read models
     * must commit together, so the Spring transaction manager is wired in explicitly.
     */
    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /**
     * Axon's default JDBC resolver looks for SQLIntegrityConstraintViolationException, which the
     * PostgreSQL driver never throws: without this, two writers appending the same sequence number of
     * one school would surface as a storage failure instead of a concurrency conflict.
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * Axon's JDBC event store as its auto-configuration builds it, except for the number of events a
     * processor reads per query: 100 by default, which makes a rebuild or a département's import a
     * long series of small queries. Larger fetches let each processor's batch come in one query.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer, PersistenceExceptionResolver resolver,
            org.axonframework.config.Configuration configuration, ConnectionProvider connectionProvider,
            TransactionManager transactionManager, EventSchema schema,
            IntrascolProperties properties) {
        int fetchSize = properties.eventStore().fetchSize();
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(resolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema)
                .batchSize(fetchSize)
                .build();
    }

    /**
     * Snapshots taken on a thread of their own, not on the thread of the command that triggered them.
     * Axon's default takes the snapshot on the command's thread after the commit, still holding the
     * school's aggregate lock and asking the pool for a second connection: under a burst of writes to one
     * school, every pooled connection was held by a write waiting for that lock, and the snapshot waited
     * for a connection (the load test's 30 s stalls and 500s). One thread, a bounded queue, and a
     * snapshot that finds the queue full is dropped: a snapshot only shortens loading, and the next load
     * past the threshold asks again.
     */
    @Bean(destroyMethod = "close")
    public SnapshotThread snapshotThread(IntrascolProperties properties) {
        int queue = properties.snapshot().queue();
        return new SnapshotThread(new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), runnable -> {
                    Thread thread = new Thread(runnable, "snapshotter");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy()));
    }

    /**
     * The thread snapshots are taken on. Not an {@code Executor} bean, so that Spring Boot's own task
     * executor is still auto-configured.
     */
    public record SnapshotThread(ExecutorService executor) implements AutoCloseable {

        @Override
        public void close() {
            executor.shutdown();
        }
    }

    /**
     * Schools kept in memory between their commands (weak references: the garbage collector takes them back
     * whenever it needs to), so that a burst of writes to one school does not load it from its snapshot
     * and events each time. Safe with one process that handles commands; with several command processes
     * a cached school can be behind another process's write, and that write's successor is then refused
     * as a concurrent modification (409) once, so it is off by default unless {@code intrascol.role=all}
     * ({@code intrascol.commands.cache-schools} says otherwise).
     */
    @Bean
    public Cache schoolCache(IntrascolProperties properties) {
        Boolean configured = properties.commands().cacheSchools();
        boolean cache = configured != null ? configured : NodeRole.parse(properties.role()) == NodeRole.ALL;
        return cache ? new WeakReferenceCache() : NoCache.INSTANCE;
    }

    /** Axon's auto-configured snapshotter, with {@link #snapshotThread}. */
    @Bean
    public SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
            HandlerDefinition handlerDefinition, ParameterResolverFactory parameterResolverFactory,
            EventStore eventStore, TransactionManager transactionManager, SnapshotterSpanFactory spanFactory,
            SnapshotThread snapshotThread) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotThread.executor())
                .build();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    public DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_identifier")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /** Token claims name this process ({@link ScaleOutConfiguration#nodeIdentity}). */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema schema,
                                 ScaleOutConfiguration.NodeIdentity node,
                                 TokenStoreProperties tokenStore) {
        Duration claimTimeout = tokenStore.getClaimTimeout();
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(schema)
                .serializer(serializer)
                .nodeId(node.id())
                .claimTimeout(claimTimeout)
                .build();
    }

    /**
     * A projection that fails on an event must not skip it (Axon's default logs and moves on, leaving
     * the read model silently wrong): the error propagates, the processor retries that batch with
     * back-off, and the health endpoint shows the processor in error until it succeeds.
     */
    @Bean
    public ConfigurerModule propagateProjectionErrors() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    /**
     * The IntraScol projector pushes to servers that may be down for hours: an event whose push fails
     * (tried once: the handler does not pause inside the batch's transaction) goes to a dead-letter
     * queue in PostgreSQL (with every later event of its school, so a school's order is kept), and the
     * other schools keep flowing. Each failed retry of a letter counts in its diagnostics; the timer in
     * {@link TargetSync} waits longer each time.
     * A reset of the projector (a rebuild) clears its queue: the rebuilt state is checked by a replay.
     */
    @Bean
    public ConfigurerModule intrascolProjectorDeadLetters(DeadLetterSchema schema,
            QuerySideProperties properties) {
        int maxSchools = properties.projector().deadLetters().maxSchools();
        int maxPerSchool = properties.projector().deadLetters().maxPerSchool();
        String group = IntrascolProjector.PROCESSING_GROUP;
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDeadLetterQueue(group, c -> JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                        .processingGroup(group)
                        .connectionProvider(c.getComponent(ConnectionProvider.class))
                        .transactionManager(c.getComponent(TransactionManager.class))
                        .schema(schema)
                        .genericSerializer(c.serializer())
                        .eventSerializer(c.eventSerializer())
                        .maxSequences(maxSchools)
                        .maxSequenceSize(maxPerSchool)
                        .build())
                .registerDeadLetterPolicy(group, c -> (letter, cause) -> Decisions.requeue(
                        cause == null ? null : ThrowableCause.truncated(cause, 1000),
                        l -> l.diagnostics().and(TargetSync.RETRIES,
                                ((Number) l.diagnostics().getOrDefault(TargetSync.RETRIES, -1)).intValue() + 1)))
                .registerDeadLetteringEventHandlerInvokerConfiguration(group, (c, builder) -> builder.allowReset(true)
                        // remembers per segment which schools have letters: no query per event to ask the queue
                        .enableSequenceIdentifierCache()));
    }

    /** correlationId and traceId on every message caused by another. */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** Who, through what, from which import and why: copied from each command onto its events. */
    @Bean
    public CorrelationDataProvider auditCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.PROPAGATED.toArray(String[]::new));
    }
}
