package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.query.intrascol.DirectoryStateRepository;
import fr.intrascol.sync.query.intrascol.IntrascolProjector;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The IntraScol projector in the metrics ({@code intrascol.projector.*}) and in the health endpoint
 * ({@code intrascolTargets}). A school server that is down does not make this application DOWN (its
 * changes wait safely in the dead-letter queue); the health details show how many schools wait.
 */
@Component("intrascolTargets")
public class ProjectorObservability implements MeterBinder, HealthIndicator {

    private final DirectoryStateRepository state;
    private final IntrascolProjector projector;
    private final EventProcessingConfiguration processing;

    public ProjectorObservability(DirectoryStateRepository state, IntrascolProjector projector,
                                  EventProcessingConfiguration processing) {
        this.state = state;
        this.projector = projector;
        this.processing = processing;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("intrascol.projector.lag", state, DirectoryStateRepository::totalLag)
                .description("Events of schools with a server that the projector has not pushed yet")
                .register(registry);
        Gauge.builder("intrascol.projector.dead.letters", this, o -> o.queue().size())
                .description("Events waiting in the projector's dead-letter queue").register(registry);
        Gauge.builder("intrascol.projector.schools.waiting", this, o -> o.queue().amountOfSequences())
                .description("Schools whose changes wait in the dead-letter queue").register(registry);
        FunctionCounter.builder("intrascol.projector.pushes", projector, IntrascolProjector::pushes)
                .description("Successful pushes to school servers").register(registry);
        FunctionCounter.builder("intrascol.projector.failures", projector, IntrascolProjector::failures)
                .description("Failed push attempts to school servers").register(registry);
    }

    @Override
    public Health health() {
        long letters = queue().size();
        long schools = queue().amountOfSequences();
        return Health.up().withDetail("lag", state.totalLag()).withDetail("deadLetters", letters)
                .withDetail("schoolsWaiting", schools).withDetail("failedAttempts", projector.failures())
                .build();
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return processing.deadLetterQueue(IntrascolProjector.PROCESSING_GROUP).orElseThrow();
    }
}
