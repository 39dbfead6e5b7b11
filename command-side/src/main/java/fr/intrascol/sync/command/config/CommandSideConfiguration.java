package fr.intrascol.sync.command.config;

import fr.intrascol.sync.command.imports.ImportPlanner;
import fr.intrascol.sync.command.password.PasswordPolicy;
import fr.intrascol.sync.command.school.SchoolCommandTargetResolver;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.beans.factory.annotation.Value;
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
            @Value("${intrascol.snapshot.threshold:250}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    @Bean
    public ImportPlanner importPlanner(@Value("${intrascol.import.mass-departure-share:0.30}") double share,
                                       @Value("${intrascol.import.older-file-share:0.30}") double olderFileShare) {
        return new ImportPlanner(share, olderFileShare);
    }

    @Bean
    public PasswordPolicy passwordPolicy(@Value("${intrascol.password.length:10}") int length) {
        return new PasswordPolicy(length);
    }
}
