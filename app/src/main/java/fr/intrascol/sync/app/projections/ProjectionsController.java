package fr.intrascol.sync.app.projections;

import fr.intrascol.sync.app.axon.ScaleOutConfiguration.NodeIdentity;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.command.CommandRejectedException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read models and their rebuilding, for administrators: each projection can be thrown away and
 * rebuilt from the event store (its reset handler empties its tables, then it replays every event).
 * The rebuild runs in the background; its progress shows here and in the health endpoint.
 */
@RestController
public class ProjectionsController {

    private static final Logger log = LoggerFactory.getLogger(ProjectionsController.class);

    private final EventProcessingConfiguration processing;
    private final NodeIdentity node;

    public ProjectionsController(EventProcessingConfiguration processing, NodeIdentity node) {
        this.processing = processing;
        this.node = node;
    }

    /** One projection's state in this process. */
    public record ProjectionStatus(String name, boolean running, boolean error, boolean replaying,
                                   int claimedSegments, Long position) {
    }

    @GetMapping("/api/admin/projections")
    public List<ProjectionStatus> list() {
        List<ProjectionStatus> statuses = new ArrayList<>();
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            statuses.add(status(entry.getKey(), entry.getValue()));
        }
        return statuses;
    }

    @PostMapping("/api/admin/projections/{name}/rebuild")
    public ResponseEntity<ProjectionStatus> rebuild(@PathVariable String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new NotFoundException("There is no projection named '" + name
                        + "'. GET /api/admin/projections lists them."));
        if (!node.role().runsProcessors()) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "PROJECTION_NOT_HERE",
                    "This process runs no projection (intrascol.role=command): ask a query process to rebuild '"
                    + name + "'.");
        }
        log.info("Rebuilding projection {} from the event store", name);
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (RuntimeException e) {
            log.warn("Could not reset projection {}: {}", name, e.toString());
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "PROJECTION_HELD", "Projection '" + name
                    + "' could not be reset: another running instance holds part of it. Stop the other"
                    + " instances, then ask again. It keeps following the event store meanwhile.");
        } finally {
            processor.start();
        }
        return ResponseEntity.accepted().body(status(name, processor));
    }

    private static ProjectionStatus status(String name, EventProcessor processor) {
        if (processor instanceof StreamingEventProcessor streaming) {
            Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
            Long position = segments.values().stream()
                    .map(s -> s.getCurrentPosition().orElse(-1L))
                    .min(Long::compare).orElse(null);
            return new ProjectionStatus(name, processor.isRunning(), processor.isError(), streaming.isReplaying(),
                    segments.size(), position);
        }
        return new ProjectionStatus(name, processor.isRunning(), processor.isError(), false, 0, null);
    }
}
