package fr.intrascol.sync.app;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneId;

/**
 * The one clock: every "now" of the application (retention, credentials sheets' lifetime, sign-in
 * throttling, dates on pages and reports, the projector's timestamps) comes from this bean, so that a test
 * or a benchmark replaces one bean rather than each class's own fallback.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** The zone date-only values are read in ({@code intrascol.time-zone}): a day's end, a report's bounds. */
    @Bean
    public ZoneId zone(IntrascolProperties properties) {
        return properties.timeZone();
    }
}
