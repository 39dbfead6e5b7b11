package fr.intrascol.sync.app.privacy.keys;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar intrascol-sync.jar rotate-master-key [--new-key-file FILE]}: replaces the master key that
 * wraps the persons' data keys. The data keys themselves, hence the sealed data, do not change: each one is
 * unwrapped with the old master key and wrapped with the new one. Stop the server (and every other process of
 * the installation) first.
 *
 * <p><b>Crash safety.</b> The steps, each of which survives a crash at any point:
 * <ol>
 * <li>the new key (generated, or read from FILE) is written to {@code master.key.next} beside the key file,
 * atomically (temporary file, owner only, then renamed), before any row changes;</li>
 * <li>the rows are rewrapped 1,000 at a time, each batch committed on its own; each row records the id of
 * the master key that wraps it, so a row is always wrapped by exactly one of the two keys, and a batch
 * only takes rows still under the old key;</li>
 * <li>once no row is left under the old key, {@code master.key.next} is renamed over the key file
 * (atomically).</li>
 * </ol>
 * Cut short between 1 and 3, the installation keeps working: {@link MasterKeyLoader} loads
 * {@code master.key.next} as well whenever it exists, so rows under either key open (new keys are wrapped by
 * the new one), and running this command again (without FILE, or with the same FILE) finishes the same
 * rotation: the rows already rewrapped are skipped. When the master key comes from
 * {@code INTRASCOL_PRIVACY_MASTERKEY} this command cannot change it: the new key ends up in the key file, and
 * the application refuses to start until the secret holds it (the start-up check of {@link JdbcPersonKeys}).
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "intrascol.cli", havingValue = "rotate-master-key")
public class MasterKeyRotationCli implements ApplicationRunner {

    static final String USAGE = """
            Usage: java -jar intrascol-sync.jar rotate-master-key [--new-key-file FILE]
              Rewraps every person's data key with a new master key, then makes it the master key (the key file,
              or tells which secret to update when the key is INTRASCOL_PRIVACY_MASTERKEY). Stop every other
              process of the installation first. Safe to run again after a crash: it finishes the same rotation.
            Options:
              --new-key-file FILE   the new master key (base64 of 32 bytes, a file of its owner only);
                                    default: a new random key
            """;
    /** Passes over the old keys' rows when some keep appearing (another process still running). */
    private static final int MAX_ROUNDS = 5;

    private final JdbcPersonKeys keys;
    private final MasterKeyLoader.MasterKeys loaded;
    private final PrintStream out = System.out;
    private int exitCode;

    public MasterKeyRotationCli(JdbcPersonKeys keys, MasterKeyLoader.MasterKeys loaded) {
        this.keys = keys;
        this.loaded = loaded;
    }

    public int exitCode() {
        return exitCode;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        Path newKeyFile;
        try {
            newKeyFile = parse(arguments.getSourceArgs());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            exitCode = 2;
            return;
        }
        try {
            rotate(keys, loaded, newKeyFile, out);
            exitCode = 0;
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("The master key was not rotated: " + e.getMessage());
            exitCode = 1;
        }
    }

    /** The {@code --new-key-file} given, or null. */
    static Path parse(String... args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--new-key-file=")) {
                file = Path.of(arg.substring("--new-key-file=".length()));
                continue;
            }
            switch (arg) {
                case "rotate-master-key" -> {
                }
                case "--new-key-file" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException("--new-key-file needs a FILE");
                    }
                    file = Path.of(args[++i]);
                }
                default -> {
                    if (arg.startsWith("--") && arg.contains("=")) {
                        continue; // a Spring property, e.g. --intrascol.data-dir=...
                    }
                    throw new IllegalArgumentException("Unknown argument " + arg);
                }
            }
        }
        return file;
    }

    /** What a rotation did. */
    public record Result(MasterKey newKey, long rewrapped, long keys, Path keyFile) {
    }

    /**
     * Rotates from the {@code loaded} keys to the key in {@code newKeyFile} (null: a new random key), or
     * finishes the rotation that {@code master.key.next} says was interrupted; see the class comment.
     * IllegalStateException, with nothing lost, when it cannot.
     */
    public static Result rotate(JdbcPersonKeys keys, MasterKeyLoader.MasterKeys loaded, Path newKeyFile,
                                PrintStream out) {
        Path nextFile = loaded.nextFile();
        MasterKey target;
        if (loaded.next() != null) {
            target = loaded.next();
            if (newKeyFile != null && !MasterKeyLoader.read(newKeyFile).equals(target)) {
                throw new IllegalStateException("a rotation to master key " + target.id() + " was interrupted ("
                        + nextFile + "): run rotate-master-key again without --new-key-file to finish it first");
            }
            out.println("Finishing the interrupted rotation to master key " + target.id() + " (" + nextFile + ")");
        } else {
            target = newKeyFile != null ? MasterKeyLoader.read(newKeyFile) : MasterKey.generate();
            if (target.equals(loaded.current())) {
                throw new IllegalStateException("master key " + target.id() + " is already the current one");
            }
            MasterKeyLoader.writeAtomically(nextFile, target);
            out.println("New master key " + target.id() + " written to " + nextFile + " (until the rotation is done)");
        }
        // this process wraps with the new key from now on, and opens rows under either key
        keys.useMasterKey(target);

        long rewrapped = 0;
        for (int round = 1; ; round++) {
            for (MasterKey old : loaded.all()) {
                rewrapped += keys.rewrapAll(old, target);
            }
            Map<String, Long> left = new TreeMap<>(keys.countByMasterKey());
            left.remove(target.id());
            if (left.isEmpty()) {
                break;
            }
            List<String> known = loaded.all().stream().map(MasterKey::id).toList();
            if (!known.containsAll(left.keySet())) {
                throw new IllegalStateException(left + " person keys are wrapped by master keys this process does not"
                        + " have (only " + known + "); " + nextFile + " keeps the new key: give this process the"
                        + " right master key and run again");
            }
            if (round == MAX_ROUNDS) {
                throw new IllegalStateException(left + " person keys keep appearing under the old master key: stop"
                        + " every other process of the installation and run again (it finishes this rotation)");
            }
        }

        MasterKeyLoader.moveAtomically(nextFile, loaded.file());
        long total = keys.count();
        out.println("Rewrapped " + rewrapped + " person keys with master key " + target.id() + " (" + total
                + " keys in all); the master key is now in " + loaded.file());
        out.println("Database backups taken before this rotation need the previous master key ("
                + loaded.current().id() + "): keep a copy of it with them, or destroy it to make their keys unreadable.");
        if (loaded.fromProperty()) {
            out.println("The master key comes from " + MasterKeyLoader.PROPERTY + " (" + MasterKeyLoader.ENVIRONMENT
                    + "), which this command cannot change: set that secret to the content of " + loaded.file()
                    + " in every process of the installation, then delete that file (or unset the secret to use the"
                    + " file)." + (total > 0 ? " Until then the application refuses to start." : ""));
        }
        return new Result(target, rewrapped, total, loaded.file());
    }
}
