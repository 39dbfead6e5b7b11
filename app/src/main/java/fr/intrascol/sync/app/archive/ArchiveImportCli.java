package fr.intrascol.sync.app.archive;

import fr.intrascol.sync.app.IntrascolProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code java -jar intrascol-sync.jar import FILE} with an archive: loads it into this installation's
 * empty event store ({@link EventStoreImport}), then rebuilds every projection and waits until they
 * have all replayed the last event ({@link ProjectionReplay}), so that the API answers with complete
 * read models as soon as the server starts. Prints the same heads digest as the export that wrote the
 * archive when every school's chain ends on the same hash.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "intrascol.cli", havingValue = "archive-import")
public class ArchiveImportCli implements ApplicationRunner, ArchiveCommands.Command {

    private final EventStoreImport importer;
    private final ProjectionReplay projections;
    private final Duration rebuildTimeout;
    private final PrintStream out = System.out;
    private int exitCode = 1;

    public ArchiveImportCli(EventStoreImport importer, ProjectionReplay projections,
                            IntrascolProperties properties) {
        Duration rebuildTimeout = properties.archive().rebuildTimeout();
        this.importer = importer;
        this.projections = projections;
        this.rebuildTimeout = rebuildTimeout;
    }

    @Override
    public int exitCode() {
        return exitCode;
    }

    @Override
    public void run(ApplicationArguments arguments) throws InterruptedException {
        ArchiveCommands.Options options;
        try {
            options = ArchiveCommands.parse(arguments.getSourceArgs(), false);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(ArchiveCommands.IMPORT_USAGE);
            exitCode = 2;
            return;
        }
        EventStoreImport.Result result;
        out.println("Importing " + options.file() + " into this installation's event store…");
        try {
            result = importer.load(options.file(), ArchiveCli::progress);
        } catch (ArchiveException | RuntimeException e) {
            out.println();
            System.err.println(e instanceof ArchiveException ? e.getMessage() : "The import failed: " + e);
            System.err.println("Nothing was imported.");
            exitCode = 1;
            return;
        }
        out.println();
        String unchained = result.unchained() == 0 ? ""
                : " (" + result.unchained() + " events had no hash in the archive: stored before the hash chain)";
        if (result.resealed() == 0) {
            out.printf("Imported %d events (last global index %d); every hash recomputed on insert equals the"
                    + " archive's%s.%n", result.events(), result.lastGlobalIndex(), unchained);
        } else {
            out.printf("Imported %d events (last global index %d); the archive's own hash chains are intact%s.%n",
                    result.events(), result.lastGlobalIndex(), unchained);
        }
        out.printf("Imported %d person keys (%d of them erased persons, who stay erased), still wrapped by the"
                + " master key.%n", result.keys(), result.erased());
        out.println(ArchiveCli.heads(result.schools(), result.headsDigest()));
        if (result.resealed() > 0) {
            out.printf("Re-sealed %d events that held personal data in clear (written by an earlier version), in %d"
                            + " school%s: they are now encrypted per person in this installation, and these schools'"
                            + " hash chains are this installation's own from the first of them (so the heads digest"
                            + " differs from the old home's).%n", result.resealed(), result.resealedSchools(),
                    result.resealedSchools() == 1 ? "" : "s");
            out.println("WARNING: " + options.file() + " and every backup of the old installation (database dumps,"
                    + " earlier archives, copies of its data folder) still hold that personal data in clear, and"
                    + " erasing a person here cannot reach them. Destroy them (shred -u) as soon as this"
                    + " installation is checked; keep only backups taken from now on.");
        } else {
            out.println("Re-sealed 0 events: no personal data was in clear.");
        }
        try {
            out.println("Rebuilding the projections " + projections.projections().keySet() + "…");
            projections.resetAll();
            if (result.lastGlobalIndex() > 0) {
                projections.awaitCaughtUp(result.lastGlobalIndex(), rebuildTimeout, line -> {
                    out.print("\r" + line + "   ");
                    out.flush();
                });
                out.println();
            }
            out.println("Projections rebuilt. Users are not part of an archive: create them on this installation"
                    + " (POST /api/users), then start the server.");
            exitCode = 0;
        } catch (ArchiveException e) {
            out.println();
            System.err.println(e.getMessage());
            exitCode = 1;
        }
    }
}
