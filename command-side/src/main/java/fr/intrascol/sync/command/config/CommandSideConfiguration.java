package fr.intrascol.sync.command.config;

import fr.intrascol.sync.command.imports.ImportPlanner;
import fr.intrascol.sync.command.password.PasswordPolicy;
import fr.intrascol.sync.command.school.SchoolCommandTargetResolver;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the command side into Spring and Axon: routing by UAI, snapshots, the password policy. */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    @Bean
    public CommandTargetResolver schoolCommandTargetResolver() {
        return new SchoolCommandTargetResolver();
    }

    /** A school of 1,000 pupils with years of history loads from its latest snapshot plus a few events. */
    @Bean
    public SnapshotTriggerDefinition schoolSnapshotTrigger(Snapshotter snapshotter,
            CommandSideProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshot().threshold());
    }

    @Bean
    public ImportPlanner importPlanner(CommandSideProperties properties) {
        return new ImportPlanner(properties.imports().massDepartureShare(), properties.imports().olderFileShare());
    }

    @Bean
    public PasswordPolicy passwordPolicy(CommandSideProperties properties) {
        return new PasswordPolicy(properties.password().length());
    }
}
