package fr.intrascol.sync.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * intrascol-sync: the system of record for the user accounts of IntraScol school servers. One
 * process runs the command side, the query side and the web interface; see docs/architecture.md.
 */
@SpringBootApplication(scanBasePackages = "fr.intrascol.sync")
@ConfigurationPropertiesScan("fr.intrascol.sync")
public class IntrascolSyncApplication {

    public static void main(String[] args) {
        // Axon's update checker calls home; only this property turns it off (see STACK-NOTES).
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(IntrascolSyncApplication.class, args);
    }
}
