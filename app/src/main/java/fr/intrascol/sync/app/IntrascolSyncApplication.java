package fr.intrascol.sync.app;

import fr.intrascol.sync.app.archive.ArchiveCommands;
import fr.intrascol.sync.app.imports.ImportCli;
import fr.intrascol.sync.app.privacy.keys.MasterKeyRotationCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * intrascol-sync: the system of record for the user accounts of IntraScol school servers. One
 * process runs the command side, the query side and the web interface; see docs/architecture.md. The
 * benchmark and the extraction generator are not here: they are the tools module's (intrascol-tools.jar).
 */
@SpringBootApplication(scanBasePackages = "fr.intrascol.sync")
@ConfigurationPropertiesScan("fr.intrascol.sync")
public class IntrascolSyncApplication {

    public static void main(String[] args) {
        // Axon's update checker calls home; only this property turns it off (see STACK-NOTES).
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && (args[0].equals("generate") || args[0].equals("bench"))) {
            // the team's tools are not in the application (issue 15): say where they went rather than start
            System.err.println("'" + args[0] + "' is a tool, not part of the application: run it from the tools"
                    + " jar, java -jar tools/target/intrascol-tools.jar " + args[0] + " … (docs/operations.md).");
            System.exit(2);
        }
        if (args.length > 0 && args[0].equals("import")) {
            System.exit(runImport(args));
        }
        if (args.length > 0 && args[0].equals("export")) {
            System.exit(runExport(args));
        }
        if (args.length > 0 && args[0].equals("rotate-master-key")) {
            System.exit(runRotateMasterKey(args));
        }
        SpringApplication.run(IntrascolSyncApplication.class, args);
    }

    /**
     * The command line import: no web server; runs the import and answers its exit code. An archive
     * written by {@code export} (a gzip file, which an extraction never is) is loaded into the event store
     * instead of being read as an extraction.
     */
    public static int runImport(String... args) {
        if (ArchiveCommands.namesAnArchive(args)) {
            return ArchiveCommands.importArchive(args);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(IntrascolSyncApplication.class)
                .web(WebApplicationType.NONE)
                .properties("intrascol.cli=import", "spring.main.banner-mode=off")
                .run(args);
        int code = context.getBean(ImportCli.class).exitCode();
        return SpringApplication.exit(context, () -> code);
    }

    /**
     * {@code rotate-master-key [--new-key-file FILE]}: rewraps the persons' data keys with a new master key
     * (see MasterKeyRotationCli); no web server; answers the exit code.
     */
    public static int runRotateMasterKey(String... args) {
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(IntrascolSyncApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties("intrascol.cli=rotate-master-key", "spring.main.banner-mode=off")
                    .run(args);
        } catch (RuntimeException e) {
            return 1; // Spring has logged why
        }
        int code = context.getBean(MasterKeyRotationCli.class).exitCode();
        return SpringApplication.exit(context, () -> code);
    }

    /** {@code export [--force] FILE}: the whole event store to a portable archive; answers the exit code. */
    public static int runExport(String... args) {
        return ArchiveCommands.export(args);
    }
}
