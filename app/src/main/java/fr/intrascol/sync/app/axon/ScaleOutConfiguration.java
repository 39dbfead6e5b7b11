package fr.intrascol.sync.app.axon;

import fr.intrascol.sync.app.IntrascolProperties;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.springboot.EventProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who this process is among the processes of one installation ({@link NodeIdentity}: the owner it writes
 * in {@code token_entry}, and its {@link NodeRole}), and what a {@code command} process does with the
 * event processors: it registers them (their read models, queries and positions are still used) but
 * never starts them, so it claims no segment.
 */
@Configuration(proxyBeanMethods = false)
public class ScaleOutConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ScaleOutConfiguration.class);

    /** This process: its node id (unique per process) and its role. */
    public record NodeIdentity(String id, NodeRole role) {
    }

    /**
     * Token claims name the node that holds them. Axon's default name is the JVM's ({@code pid@host}),
     * which two application instances in one JVM (or two containers with the same pid and host name)
     * would share, and then both process the same segments. Each instance gets its own name.
     */
    @Bean
    public NodeIdentity nodeIdentity(IntrascolProperties properties) {
        String configured = properties.nodeId();
        String id = configured.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8)
                : configured;
        NodeRole role = NodeRole.parse(properties.role());
        log.info("This process is node {} with role {}", id, role.property());
        return new NodeIdentity(id, role);
    }

    /**
     * Axon's Spring Boot auto-configuration registers every tracking processor of
     * {@code axon.eventhandling.processors.*} itself, always started, and a processor cannot be registered
     * twice. In a {@code command} process their settings are taken out of its properties here, and
     * {@link #processorsNotStarted} registers the same processors with {@code autoStart} off.
     */
    @Bean
    public static CommandRoleProcessors commandRoleProcessors(Environment environment) {
        return new CommandRoleProcessors(NodeRole.of(environment));
    }

    @Bean
    public ConfigurerModule processorsNotStarted(CommandRoleProcessors processors) {
        return configurer -> configurer.eventProcessing(processing -> processors.taken.forEach((name, settings) ->
                processing.registerTrackingEventProcessor(name, c -> c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forParallelProcessing(settings.getThreadCount())
                                .andBatchSize(settings.getBatchSize())
                                .andInitialSegmentsCount(settings.getInitialSegmentCount() == null ? 1
                                        : settings.getInitialSegmentCount())
                                .andTokenClaimInterval(settings.getTokenClaimInterval(),
                                        settings.getTokenClaimIntervalTimeUnit())
                                .andAutoStart(false))));
    }

    /** Takes the tracking processors out of Axon's properties in a {@code command} process. */
    public static final class CommandRoleProcessors implements BeanPostProcessor {

        private final NodeRole role;
        final Map<String, EventProcessorProperties.ProcessorSettings> taken = new LinkedHashMap<>();

        CommandRoleProcessors(NodeRole role) {
            this.role = role;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (role == NodeRole.COMMAND && bean instanceof EventProcessorProperties properties) {
                Iterator<Map.Entry<String, EventProcessorProperties.ProcessorSettings>> entries =
                        properties.getProcessors().entrySet().iterator();
                while (entries.hasNext()) {
                    Map.Entry<String, EventProcessorProperties.ProcessorSettings> entry = entries.next();
                    if (entry.getValue().getMode() == EventProcessorProperties.Mode.TRACKING) {
                        taken.put(entry.getKey(), entry.getValue());
                        entries.remove();
                    }
                }
                log.info("Command process: the event processors {} are registered but not started", taken.keySet());
            }
            return bean;
        }
    }
}
