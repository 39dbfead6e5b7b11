package fr.intrascol.sync.app;

import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.config.FixedDelayTask;
import fr.intrascol.sync.app.privacy.RetentionJob;
import fr.intrascol.sync.query.config.QuerySideProperties;
import fr.intrascol.sync.query.intrascol.DirectoryTargets;
import fr.intrascol.sync.query.intrascol.TargetSync;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import java.time.Duration;

/**
 * The application's timers, in one place, with their periods from the typed settings: the dead-letter
 * retries of the IntraScol projector ({@code intrascol.projector.dead-letter-retry-interval}) and the
 * retention job ({@code intrascol.retention.check-every}, first run after {@code initial-delay}), and every
 * minute the closing of IntraScol servers' connections left unused.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ScheduledJobs implements SchedulingConfigurer {

    private final TargetSync targets;
    private final DirectoryTargets directories;
    private final RetentionJob retention;
    private final QuerySideProperties querySide;
    private final IntrascolProperties application;

    public ScheduledJobs(@Lazy TargetSync targets, @Lazy DirectoryTargets directories, @Lazy RetentionJob retention,
                         QuerySideProperties querySide, IntrascolProperties application) {
        this.targets = targets;
        this.directories = directories;
        this.retention = retention;
        this.querySide = querySide;
        this.application = application;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        Duration retry = querySide.projector().deadLetterRetryInterval();
        registrar.addFixedDelayTask(new FixedDelayTask(targets::retryDue, retry, retry));
        registrar.addFixedDelayTask(new FixedDelayTask(retention::scheduled, application.retention().checkEvery(),
                application.retention().initialDelay()));
        Duration minute = Duration.ofMinutes(1);
        registrar.addFixedDelayTask(new FixedDelayTask(directories::closeIdle, minute, minute));
    }
}
