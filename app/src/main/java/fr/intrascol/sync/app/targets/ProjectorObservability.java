package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.query.intrascol.TargetSync;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The IntraScol projector in the metrics ({@code intrascol.projector.*}: the gauges here, the counters in
 * {@link ProjectorCounters}) and in the health endpoint ({@code intrascolTargets}). A school server that
 * is down does not make this application DOWN (its changes wait safely in the dead-letter queue); the
 * health details show how many schools wait.
 */
@Component("intrascolTargets")
public class ProjectorObservability implements MeterBinder, HealthIndicator {

    private final TargetSync sync;
    private final ProjectorCounters counters;

    public ProjectorObservability(TargetSync sync, ProjectorCounters counters) {
        this.sync = sync;
        this.counters = counters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("intrascol.projector.lag", sync, TargetSync::totalLag)
                .description("Events of schools with a server that the projector has not pushed yet")
                .register(registry);
        Gauge.builder("intrascol.projector.dead.letters", sync, TargetSync::deadLetters)
                .description("Events waiting in the projector's dead-letter queue").register(registry);
        Gauge.builder("intrascol.projector.schools.waiting", sync, TargetSync::schoolsWaiting)
                .description("Schools whose changes wait in the dead-letter queue").register(registry);
    }

    @Override
    public Health health() {
        return Health.up().withDetail("lag", sync.totalLag()).withDetail("deadLetters", sync.deadLetters())
                .withDetail("schoolsWaiting", sync.schoolsWaiting()).withDetail("failedAttempts", counters.failures())
                .build();
    }
}
