package fr.intrascol.sync.query.imports;

import fr.intrascol.sync.message.event.ImportApplied;
import fr.intrascol.sync.message.event.ImportPlanned;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.event.ImportRejected;
import fr.intrascol.sync.message.event.ImportDiscarded;
import fr.intrascol.sync.message.query.FindExpiredPlans;
import fr.intrascol.sync.message.event.ImportRolledBack;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.query.FindImport;
import fr.intrascol.sync.message.query.FindImports;
import fr.intrascol.sync.message.query.FindLatestImports;
import fr.intrascol.sync.message.query.ImportView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every import of every school: who uploaded it, its plan, whether and by whom it was applied. */
@Component
@ProcessingGroup(ImportsProjection.PROCESSING_GROUP)
public class ImportsProjection {

    public static final String PROCESSING_GROUP = "imports";

    private final ImportRepository repository;

    public ImportsProjection(ImportRepository repository) {
        this.repository = repository;
    }

    @EventHandler
    void on(ImportPlanned event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant at) {
        // the event holds the plan's counts only: the rows and the plan's detail are the command side's
        // working data, shown while the plan waits and deleted once it is applied or discarded
        ImportPlan counts = event.summary() == null ? null : new ImportPlan(0, List.of(), List.of(), List.of(),
                event.summary(), event.massDeparture(), event.olderFile());
        repository.insertPlanned(event.importId(), event.uai().value(), event.fileName(), event.sha256(),
                event.format(), event.encoding(), actor, at, counts, null, null);
    }

    @EventHandler
    void on(ImportRejected event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant at) {
        repository.insertRejected(event.importId(), event.uai().value(), event.fileName(), event.sha256(), actor, at,
                event.reason());
    }

    @EventHandler
    void on(ImportApplied event, @MetaDataValue(MetadataKeys.ACTOR) String actor, @Timestamp Instant at) {
        repository.markApplied(event.importId(), actor, at, event.excludedLines(), event.summary(),
                event.decisions());
    }

    @EventHandler
    void on(ImportRolledBack event, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.REASON) String reason, @Timestamp Instant at) {
        repository.markRolledBack(event.importId(), actor, at,
                new ImportView.Rollback(event.compensated(), event.conflicts(), event.forced(), reason));
    }

    @EventHandler
    void on(ImportDiscarded event, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.REASON) String reason, @MetaDataValue(MetadataKeys.ORIGIN) String origin,
            @Timestamp Instant at) {
        repository.markDiscarded(event.importId(), actor, at, reason, origin);
    }

    @ResetHandler
    void reset() {
        repository.deleteAll();
    }

    @QueryHandler
    public Optional<ImportView> handle(FindImport query) {
        return repository.find(query.importId());
    }

    @QueryHandler
    public List<ImportView> handle(FindImports query) {
        return repository.forSchool(query.uai().value());
    }

    @QueryHandler
    public List<ImportView> handle(FindExpiredPlans query) {
        return repository.plannedBefore(query.uploadedBefore(), query.limit());
    }

    @QueryHandler
    public List<ImportView> handle(FindLatestImports query) {
        return repository.latestPerSchool(query.since());
    }
}
