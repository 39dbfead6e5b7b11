package fr.intrascol.sync.app.archive;

import fr.intrascol.sync.app.IntrascolSyncApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar intrascol-sync.jar export [--force] FILE} and {@code import FILE}: the command lines
 * that move an installation to a new home. What can be checked without the database (the command line,
 * an existing FILE, the whole archive) is checked before the application starts, so a wrong command
 * or a bad archive leaves a new home's data folder not even created. Then the application starts
 * without a web server, like the extraction import, and one runner does the work.
 */
public final class ArchiveCommands {

    static final String EXPORT_USAGE = """
            Usage: java -jar intrascol-sync.jar export [--force] FILE
              Writes the whole event store to FILE (a gzip archive, readable by you only).
              --force   replace FILE if it exists
            """;
    static final String IMPORT_USAGE = """
            Usage: java -jar intrascol-sync.jar import FILE
              Loads an archive written by 'export' into this installation, which must have no event yet,
              then rebuilds every projection. This installation needs the old home's master key first
              (<data folder>/master.key, or intrascol.privacy.master-key): it is not in the archive.
              (For pupil extractions: import [options] --school UAI FILE.)
            """;

    /** The extraction import's own options: with them, the command is an extraction import. */
    private static final Set<String> EXTRACTION_OPTIONS = Set.of("--school", "--credentials-dir");

    private ArchiveCommands() {
    }

    /** The parsed command line. */
    record Options(Path file, boolean force) {
    }

    /**
     * Whether {@code import …} is the archive import: one FILE that starts with the gzip magic bytes
     * (an extraction, CSV text, never does), and nothing else but {@code --name=value} properties.
     */
    public static boolean namesAnArchive(String... args) {
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                if (!arg.contains("=") || EXTRACTION_OPTIONS.contains(arg.substring(0, arg.indexOf('=')))) {
                    return false;
                }
            } else {
                rest.add(arg);
            }
        }
        return rest.size() == 1 && EventArchive.startsWithGzipMagic(Path.of(rest.get(0)));
    }

    /** {@code export [--force] FILE}: 0 when written, 1 when refused or failed, 2 for a wrong command line. */
    public static int export(String... args) {
        Options options;
        try {
            options = parse(args, true);
        } catch (IllegalArgumentException e) {
            return usage(e, EXPORT_USAGE);
        }
        if (!options.force() && Files.exists(options.file())) {
            System.err.println(options.file() + " exists already; give another FILE, or --force to replace it.");
            return 1;
        }
        return run("archive-export", ArchiveExportCli.class, args);
    }

    /**
     * {@code import FILE} (an archive): 0 when imported and rebuilt, 1 when refused or failed, 2 for a wrong
     * command line.
     */
    public static int importArchive(String... args) {
        Options options;
        try {
            options = parse(args, false);
        } catch (IllegalArgumentException e) {
            return usage(e, IMPORT_USAGE);
        }
        PrintStream out = System.out;
        out.println("Checking " + options.file() + "…");
        try {
            EventArchive.Header header = EventArchiveReader.verify(options.file());
            out.println("Archive complete, checksum correct: " + header.events() + " events (last global index "
                    + header.lastGlobalIndex() + "), exported " + header.exportedAt() + ", schema version "
                    + header.schemaVersion() + (header.version() < 2 ? ", format version 1 (no person keys)"
                    : ", " + header.keys() + " person keys" + (header.masterKeyId() == null ? ""
                    : " wrapped by master key " + header.masterKeyId())) + ".");
        } catch (ArchiveException e) {
            System.err.println(e.getMessage());
            System.err.println("Nothing was imported.");
            return 1;
        }
        return run("archive-import", ArchiveImportCli.class, args);
    }

    private static int run(String cli, Class<? extends Command> command, String[] args) {
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(IntrascolSyncApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties("intrascol.cli=" + cli, "spring.main.banner-mode=off")
                    .run(args);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            System.err.println("The application did not start: " + cause.getMessage());
            System.err.println(cli.equals("archive-import") ? "Nothing was imported." : "Nothing was written.");
            return 1;
        }
        int code = context.getBean(command).exitCode();
        return SpringApplication.exit(context, () -> code);
    }

    private static int usage(IllegalArgumentException e, String usage) {
        System.err.println(e.getMessage());
        System.err.print(usage);
        return 2;
    }

    static Options parse(String[] args, boolean export) {
        Path file = null;
        boolean force = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (export && arg.equals("--force")) {
                force = true;
            } else if (arg.startsWith("--")) {
                if (!arg.contains("=")) {
                    throw new IllegalArgumentException("Unknown option " + arg);
                }
                // a Spring property, e.g. --intrascol.data-dir=...
            } else if (file != null) {
                throw new IllegalArgumentException("One FILE only, not also " + arg);
            } else {
                file = Path.of(arg);
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("Give the archive FILE.");
        }
        return new Options(file, force);
    }

    /** A command-line runner's outcome. */
    interface Command {
        int exitCode();
    }
}
