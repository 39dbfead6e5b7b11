package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.query.intrascol.PushCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The projector's counters, in Micrometer, per process since it started: {@code intrascol.projector.pushes}
 * and {@code intrascol.projector.failures} (registered at start, so they read 0 before the first push),
 * and {@code intrascol.projector.school.failures} tagged with the school's UAI, created at a school's first
 * failure, which the school's status shows. The metrics endpoint, the health details and the pages read
 * these same counters.
 */
@Component
public class ProjectorCounters implements PushCounters {

    private final MeterRegistry registry;
    private final Counter pushes;
    private final Counter failures;
    /** The per-school counters already registered: a school's status reads its own without a registry search. */
    private final ConcurrentHashMap<String, Counter> schoolFailures = new ConcurrentHashMap<>();

    public ProjectorCounters(MeterRegistry registry) {
        this.registry = registry;
        this.pushes = Counter.builder("intrascol.projector.pushes")
                .description("Successful pushes to school servers").register(registry);
        this.failures = Counter.builder("intrascol.projector.failures")
                .description("Failed push attempts to school servers").register(registry);
    }

    @Override
    public void pushed(String uai) {
        pushes.increment();
    }

    @Override
    public void failed(String uai) {
        failures.increment();
        schoolFailures.computeIfAbsent(uai, school -> Counter.builder("intrascol.projector.school.failures")
                .description("Failed push attempts to one school's server").tag("school", school)
                .register(registry)).increment();
    }

    @Override
    public long failures(String uai) {
        Counter counter = schoolFailures.get(uai);
        return counter == null ? 0 : (long) counter.count();
    }

    /** Failed push attempts to all servers. */
    public long failures() {
        return (long) failures.count();
    }
}
