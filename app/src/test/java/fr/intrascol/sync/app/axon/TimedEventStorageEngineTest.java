package fr.intrascol.sync.app.axon;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The append meters: the sum of each append's time, and the busy time (at least one append running),
 * which counts overlapping appends once. The storage engine behind is a stand-in that only waits: what is
 * measured here is the wrapper's arithmetic, not a database.
 */
class TimedEventStorageEngineTest {

    @Test
    void two_appends_at_once_count_their_common_time_once_in_the_busy_time() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        EventStorageEngine slow = (EventStorageEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{EventStorageEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("appendEvents")) {
                        bothInside.countDown();
                        bothInside.await(5, TimeUnit.SECONDS);
                        Thread.sleep(200);
                    }
                    return null;
                });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TimedEventStorageEngine engine = new TimedEventStorageEngine(slow, registry);
        List<GenericEventMessage<String>> events = List.of(new GenericEventMessage<>("a"), new GenericEventMessage<>("b"));

        Thread other = new Thread(() -> engine.appendEvents(events));
        other.start();
        engine.appendEvents(events);
        other.join();

        double summed = registry.get("intrascol.events.append").timer().totalTime(TimeUnit.MILLISECONDS);
        double busy = registry.get("intrascol.events.append.busy").timer().totalTime(TimeUnit.MILLISECONDS);
        assertThat(registry.get("intrascol.events.appended").counter().count()).isEqualTo(4);
        assertThat(summed).as("each append's time, added").isGreaterThanOrEqualTo(400);
        assertThat(busy).as("the wall-clock time with an append running").isBetween(200.0, 390.0);
        assertThat(registry.get("intrascol.events.append.busy").timer().count()).as("one busy period").isEqualTo(1);

        engine.appendEvents(events); // alone: its whole time is busy time, a second period
        double busyAfter = registry.get("intrascol.events.append.busy").timer().totalTime(TimeUnit.MILLISECONDS);
        assertThat(busyAfter - busy).isGreaterThanOrEqualTo(200);
        assertThat(registry.get("intrascol.events.append.busy").timer().count()).isEqualTo(2);
    }
}
