package fr.intrascol.sync.app.privacy.keys;

import fr.intrascol.sync.app.IntrascolProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the {@link MasterKey} comes from, in this order:
 * <ol>
 * <li>{@code intrascol.privacy.master-key} (environment {@code INTRASCOL_PRIVACY_MASTERKEY}): base64 of 32
 * bytes; what several processes of one installation must share;</li>
 * <li>otherwise the file {@code intrascol.privacy.master-key-file} (default {@code <intrascol.data-dir>/master.key}),
 * created with a random key on first start, readable and writable by its owner only.</li>
 * </ol>
 * The application refuses to start when the file holds no valid key, or when group or others have any
 * permission on it: the fix is in the message. It never logs the key, and never replaces an existing file
 * with a new key (that would make every person's data unreadable, i.e. erase everyone).
 *
 * <p>A rotation ({@link MasterKeyRotationCli}) first writes the new key next to the key file as
 * {@code master.key.next}; while that file exists (a rotation was interrupted) its key is loaded too:
 * data keys wrapped by either key open, and new data keys are wrapped by the new one.
 */
@Configuration(proxyBeanMethods = false)
public class MasterKeyLoader {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

    static final String PROPERTY = "intrascol.privacy.master-key";
    static final String ENVIRONMENT = "INTRASCOL_PRIVACY_MASTERKEY";
    static final String FILE_PROPERTY = "intrascol.privacy.master-key-file";
    static final String NEXT_SUFFIX = ".next";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * The master keys of this process.
     *
     * @param current      the configured key (property or file)
     * @param next         the key of an interrupted rotation ({@code master.key.next}), or null
     * @param file         the key file (the one configured, or its default, even when the key is a property)
     * @param fromProperty whether {@code current} came from {@code intrascol.privacy.master-key}
     */
    public record MasterKeys(MasterKey current, MasterKey next, Path file, boolean fromProperty) {

        /** The key new data keys are wrapped by: the rotation's new key while one is pending. */
        public MasterKey wrapping() {
            return next != null ? next : current;
        }

        /** Every key that may have wrapped a data key of this installation. */
        public List<MasterKey> all() {
            List<MasterKey> all = new ArrayList<>(List.of(current));
            if (next != null) {
                all.add(next);
            }
            return List.copyOf(all);
        }

        public Path nextFile() {
            return nextFileOf(file);
        }

        /** Where the current key comes from, for messages. */
        public String source() {
            return fromProperty ? PROPERTY + " (" + ENVIRONMENT + ")" : file.toString();
        }
    }

    @Bean
    public MasterKeys privacyMasterKeys(Environment env, IntrascolProperties properties) {
        String configured = env.getProperty(PROPERTY);
        if (!StringUtils.hasText(configured)) {
            configured = env.getProperty(ENVIRONMENT);
        }
        String file = env.getProperty(FILE_PROPERTY);
        Path keyFile = StringUtils.hasText(file) ? Path.of(file) : properties.dataDir().resolve("master.key");
        MasterKeys keys = load(configured, keyFile);
        log.info("Person data keys are wrapped by master key {} from {}", keys.wrapping().id(),
                keys.next() != null ? keys.nextFile() : keys.source());
        if (keys.next() != null) {
            log.warn("A master key rotation was interrupted ({} exists): data keys of master key {} and {} both "
                            + "open; run `java -jar intrascol-sync.jar rotate-master-key` again to finish it",
                    keys.nextFile(), keys.current().id(), keys.next().id());
        }
        return keys;
    }

    /** The key that wraps new data keys (the rotation's new key while one is pending). */
    @Bean
    public MasterKey privacyMasterKey(MasterKeys keys) {
        return keys.wrapping();
    }

    /**
     * Loads the keys: {@code configured} (base64) when not blank, otherwise {@code keyFile}, created when
     * missing; and {@code keyFile.next} when it exists. IllegalStateException with the fix when a file is
     * not a valid key or is open to group or others.
     */
    public static MasterKeys load(String configured, Path keyFile) {
        boolean fromProperty = StringUtils.hasText(configured);
        MasterKey current;
        if (fromProperty) {
            current = MasterKey.fromBase64(configured, PROPERTY + " (" + ENVIRONMENT + ")");
        } else {
            if (!Files.exists(keyFile) && createIfAbsent(keyFile, MasterKey.generate())) {
                log.info("Created the master key file {} (owner only). Back it up apart from the database: "
                        + "without it no person's data can be read", keyFile);
            }
            current = read(keyFile);
        }
        Path nextFile = nextFileOf(keyFile);
        MasterKey next = Files.exists(nextFile) ? read(nextFile) : null;
        if (current.equals(next)) {
            next = null; // the rotation's key is already the configured one: nothing pending
        }
        return new MasterKeys(current, next, keyFile, fromProperty);
    }

    static Path nextFileOf(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + NEXT_SUFFIX);
    }

    /** Reads a key file, refusing one that group or others may use. */
    public static MasterKey read(Path file) {
        try {
            if (posix(file)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    throw new IllegalStateException("The master key file " + file + " is open to other users ("
                            + PosixFilePermissions.toString(permissions) + "): allow its owner only, with `chmod 600 "
                            + file + "` (and check who may have copied it)");
                }
            }
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            try {
                return MasterKey.fromBase64(content, "the file " + file);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + ": restore that file from a backup (or copy it "
                        + "from another process of this installation). Never replace it with a new key while person "
                        + "keys exist: every person's data would become unreadable");
            }
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("The master key file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("The master key file " + file + " cannot be read", e);
        }
    }

    /**
     * Writes {@code key} to {@code file} atomically, replacing it: a temporary file (owner only) beside it,
     * flushed to disk, then moved over it. A crash leaves either the old file or the new one.
     */
    public static void writeAtomically(Path file, MasterKey key) {
        Path temporary = writeTemporary(file, key);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file);
        } catch (IOException e) {
            throw new UncheckedIOException("The master key file " + file + " cannot be written", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Moves {@code from} over {@code to} atomically (the last step of a rotation). */
    static void moveAtomically(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(to);
        } catch (IOException e) {
            throw new UncheckedIOException("The master key file " + from + " cannot be moved to " + to, e);
        }
    }

    /**
     * Creates {@code file} holding {@code key} unless it exists: complete or absent, never half written, and
     * never replacing a file another process created meanwhile (a hard link fails when the name exists).
     * Answers whether this call created it.
     */
    private static boolean createIfAbsent(Path file, MasterKey key) {
        Path temporary = writeTemporary(file, key);
        try {
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException raced) {
                return false; // another process created it at the same moment: use theirs
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                if (Files.exists(file)) {
                    return false;
                }
                Files.move(temporary, file); // no hard links here: a plain rename, which refuses to replace
            }
            syncDirectory(file);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("The master key file " + file + " cannot be created", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static Path writeTemporary(Path file, MasterKey key) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            FileAttribute<?>[] attributes = posix(directory)
                    ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            Path temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp", attributes);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap((key.toBase64() + "\n").getBytes(StandardCharsets.US_ASCII));
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            return temporary;
        } catch (IOException e) {
            throw new UncheckedIOException("The master key file " + file + " cannot be written", e);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** So that a rename survives a power cut (best effort: not every system can sync a directory). */
    private static void syncDirectory(Path file) {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not supported here
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover temporary file is readable by its owner only
        }
    }
}
