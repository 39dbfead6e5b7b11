package fr.intrascol.sync.app.privacy;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.app.privacy.keys.PersonKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The list of erased people, kept outside the database so that restoring a backup of the database taken
 * before an erasure does not bring the person back: at every start, and after a restore, every subject in
 * the list whose data key is alive again is destroyed again (docs/privacy.md, "Backups"). One line per
 * erasure: the account id (an opaque UUID, no personal data), the school and when. The file is
 * {@code intrascol.privacy.erasure-ledger} (default {@code <data-dir>/erasures.log}, owner only); it must
 * live where database restores do not reach, and be backed up with the master key, not with the database.
 */
@Component
public class ErasureLedger {

    private static final Logger log = LoggerFactory.getLogger(ErasureLedger.class);
    private static final Pattern LINE = Pattern.compile("[0-9a-fA-F-]{36} [0-9A-Z]{8} \\S+");

    private final Path file;
    private final PersonKeys keys;

    public ErasureLedger(IntrascolProperties properties, PersonKeys keys) {
        this.file = properties.erasureLedgerFile();
        this.keys = keys;
    }

    public Path file() {
        return file;
    }

    /** Records an erasure, durably, before it is acknowledged. */
    public synchronized void record(String accountId, String uai, Instant at) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap((accountId + " " + uai + " " + at + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The erasure was done but could not be written to " + file
                    + ": fix the file's folder, then erase again (it is refused as done already, and recorded)", e);
        }
    }

    /** The subjects listed, in order. */
    public synchronized Set<String> subjects() {
        if (!Files.exists(file)) {
            return Set.of();
        }
        try {
            Set<String> subjects = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (LINE.matcher(line).matches()) {
                    subjects.add(line.substring(0, 36));
                }
            }
            return subjects;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the erasure ledger " + file, e);
        }
    }

    /**
     * Destroys again the data key of every listed person whose key is alive (the database was restored
     * from a backup taken before their erasure). Answers how many keys were destroyed again.
     */
    public int reapply() {
        int again = 0;
        for (String subject : subjects()) {
            if (!keys.isDestroyed(subject) && keys.destroy(subject)) {
                again++;
            }
        }
        if (again > 0) {
            log.warn("{} person data key(s) of people erased earlier were alive in the database (restored from an"
                    + " older backup?): destroyed again from {}", again, file);
        }
        return again;
    }

    /** Lines as written, for tests and operations. */
    List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
