package fr.intrascol.sync.app.archive;

import fr.intrascol.sync.app.privacy.keys.MasterKeyLoader;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.io.PrintStream;

/**
 * {@code java -jar intrascol-sync.jar export [--force] FILE}: writes the event store to an archive
 * (see {@link EventStoreExport}) with a progress bar, then a summary: events, last global index, and
 * the schools' chain heads (how many, and one digest of them all, to compare with the import's), and
 * the master key the new home needs (which the archive does not hold).
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "intrascol.cli", havingValue = "archive-export")
public class ArchiveExportCli implements ApplicationRunner, ArchiveCommands.Command {

    private final EventStoreExport export;
    private final MasterKeyLoader.MasterKeys masterKeys;
    private final PrintStream out = System.out;
    private int exitCode = 1;

    public ArchiveExportCli(EventStoreExport export, MasterKeyLoader.MasterKeys masterKeys) {
        this.export = export;
        this.masterKeys = masterKeys;
    }

    @Override
    public int exitCode() {
        return exitCode;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        ArchiveCommands.Options options;
        try {
            options = ArchiveCommands.parse(arguments.getSourceArgs(), true);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(ArchiveCommands.EXPORT_USAGE);
            exitCode = 2;
            return;
        }
        out.println("Exporting the event store to " + options.file() + "…");
        try {
            EventStoreExport.Result result = export.export(options.file(), options.force(), ArchiveCli::progress);
            out.println();
            out.printf("Exported %d events (last global index %d) to %s (%s, readable by its owner only).%n",
                    result.events(), result.lastGlobalIndex(), result.file(), ArchiveCli.size(result.bytes()));
            out.println(ArchiveCli.heads(result.schools(), result.headsDigest()));
            out.printf("Person keys: %d (%d of them erased persons), wrapped by master key %s.%n", result.keys(),
                    result.erased(), result.masterKeyId() == null ? "(none)" : result.masterKeyId());
            if (result.masterKeyId() != null) {
                out.println("The master key is not in the archive: the new home needs it to read any person's data."
                        + " This installation's is " + masterKeys.source() + ": copy it to the new home by another"
                        + " channel than the archive, as <new data folder>/master.key (chmod 600) or as"
                        + " intrascol.privacy.master-key, before importing.");
            }
            out.println("It holds personal data, sealed per person, and the history: keep it as protected as the"
                    + " database, and delete it once the new home is checked. Users and server targets are not in"
                    + " it.");
            exitCode = 0;
        } catch (ArchiveException e) {
            out.println();
            System.err.println(e.getMessage());
            exitCode = 1;
        } catch (RuntimeException e) {
            out.println();
            System.err.println("The export failed: " + e);
            exitCode = 1;
        }
    }
}
