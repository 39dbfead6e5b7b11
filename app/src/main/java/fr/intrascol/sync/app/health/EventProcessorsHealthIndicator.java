package fr.intrascol.sync.app.health;

import fr.intrascol.sync.app.axon.ScaleOutConfiguration.NodeIdentity;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each event processor in the health endpoint: running or not, in error or not, how many segments
 * this process holds, and whether it is replaying. A stopped or failing processor makes the
 * application DOWN: its read model is no longer following the event store. A {@code command} process
 * runs none (other processes project its events): it shows each as {@code runsHere: false}, never DOWN.
 * With several query processes, each holds only its share of the segments ({@code claimedSegments}).
 */
@Component("eventProcessors")
public class EventProcessorsHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;
    private final boolean runsProcessors;

    public EventProcessorsHealthIndicator(EventProcessingConfiguration processing, NodeIdentity node) {
        this.processing = processing;
        this.runsProcessors = node.role().runsProcessors();
    }

    @Override
    public Health health() {
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            EventProcessor processor = entry.getValue();
            Map<String, Object> state = new LinkedHashMap<>();
            if (!runsProcessors) {
                state.put("runsHere", false);
                details.put(entry.getKey(), state);
                continue;
            }
            state.put("running", processor.isRunning());
            state.put("error", processor.isError());
            long segmentsInError = 0;
            if (processor instanceof StreamingEventProcessor streaming) {
                segmentsInError = streaming.processingStatus().values().stream()
                        .filter(EventTrackerStatus::isErrorState).count();
                state.put("claimedSegments", streaming.processingStatus().size());
                state.put("replaying", streaming.isReplaying());
                state.put("segmentsInError", segmentsInError);
                streaming.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                        .findFirst().flatMap(s -> java.util.Optional.ofNullable(s.getError()))
                        .ifPresent(error -> state.put("lastError", error.getClass().getSimpleName()));
            }
            up &= processor.isRunning() && !processor.isError() && segmentsInError == 0;
            details.put(entry.getKey(), state);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
