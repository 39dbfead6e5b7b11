package fr.intrascol.sync.app.archive;

import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Writes the whole event store to an archive ({@link EventArchive}): the events, then the persons' data
 * keys as stored ({@code person_key}: wrapped by the master key, tombstones included; the master key
 * itself is never written, it travels apart). The rows are read through a
 * server-side cursor in one read-only repeatable-read transaction: a consistent snapshot even while the
 * application writes, and a small heap whatever the store's size. Every event's chain hash is checked
 * on the way (the import would refuse an archive of a broken chain, and should: see docs/decisions.md). The file
 * is written next to its target under a temporary name, readable by its owner only (it holds personal
 * data), synced, then renamed: a reader never sees half an archive, and a failure leaves no file.
 */
@Component
public class EventStoreExport {

    static final int FETCH_SIZE = 500;

    private final DataSource dataSource;

    public EventStoreExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * What was exported.
     *
     * @param keys        person keys (live keys and tombstones)
     * @param erased      of those, tombstones: erased persons
     * @param masterKeyId the master key the new home needs, or null when no live key is exported
     */
    public record Result(Path file, long events, long lastGlobalIndex, int schools, String headsDigest, long bytes,
                         long keys, long erased, String masterKeyId) {
    }

    /**
     * @param overwrite replace an existing {@code target}; without it an existing file is refused
     * @param progress  told how many events are written, now and then
     */
    public Result export(Path target, boolean overwrite, EventArchive.Progress progress) throws ArchiveException {
        Path file = target.toAbsolutePath().normalize();
        refuseExisting(file, overwrite);
        Path folder = file.getParent();
        if (!Files.isDirectory(folder)) {
            throw new ArchiveException("No folder " + folder + " to write " + file.getFileName() + " in.");
        }
        Path temporary = null;
        try {
            temporary = createPrivately(folder, file.getFileName().toString());
            Result result = write(temporary, file, progress);
            refuseExisting(file, overwrite);
            move(temporary, file);
            syncFolder(folder);
            return result;
        } catch (IOException e) {
            throw new ArchiveException("Could not write " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new ArchiveException("Could not read the event store: " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // a leftover .part file names itself; nothing else to do
                }
            }
        }
    }

    private Result write(Path temporary, Path file, EventArchive.Progress progress) throws IOException, SQLException,
            ArchiveException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long events;
                long last;
                try (PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*), coalesce(max(global_index), 0) FROM domain_event_entry");
                     ResultSet rs = count.executeQuery()) {
                    rs.next();
                    events = rs.getLong(1);
                    last = rs.getLong(2);
                }
                long keys;
                long erased;
                String masterKeyId;
                try (PreparedStatement count = connection.prepareStatement("""
                        SELECT count(*), count(*) FILTER (WHERE wrapped_key IS NULL),
                               min(master_key_id), max(master_key_id) FROM person_key""");
                     ResultSet rs = count.executeQuery()) {
                    rs.next();
                    keys = rs.getLong(1);
                    erased = rs.getLong(2);
                    masterKeyId = rs.getString(3);
                    if (masterKeyId != null && !masterKeyId.equals(rs.getString(4))) {
                        throw new ArchiveException("The persons' data keys are wrapped by more than one master key ("
                                + masterKeyId + ", " + rs.getString(4) + "...): a master key rotation was"
                                + " interrupted. Finish it first (java -jar intrascol-sync.jar rotate-master-key,"
                                + " docs/operations.md), then export. Nothing was written.");
                    }
                }
                EventArchive.Header header = new EventArchive.Header(EventArchive.VERSION,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS), events, last, schemaVersion(connection), keys,
                        masterKeyId);
                ChainHeads heads = new ChainHeads();
                try (FileOutputStream stream = new FileOutputStream(temporary.toFile());
                     OutputStream out = new java.io.BufferedOutputStream(stream, 1 << 16)) {
                    EventArchiveWriter writer = new EventArchiveWriter(out, header);
                    try (PreparedStatement select = connection.prepareStatement("""
                            SELECT global_index, event_identifier, aggregate_identifier, sequence_number, type,
                                   time_stamp, payload_type, payload_revision, payload, meta_data, chain_hash
                            FROM domain_event_entry ORDER BY global_index""")) {
                        select.setFetchSize(FETCH_SIZE);
                        try (ResultSet rs = select.executeQuery()) {
                            while (rs.next()) {
                                ArchivedEvent event = new ArchivedEvent(rs.getLong(1), rs.getString(2),
                                        rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                                        rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10),
                                        rs.getBytes(11));
                                String problem = heads.verifyAndAdvance(event);
                                if (problem != null) {
                                    throw brokenChain(problem, event.aggregateIdentifier());
                                }
                                writer.write(event);
                                if (writer.written() % 1000 == 0) {
                                    progress.at(writer.written(), events);
                                }
                            }
                        }
                    }
                    progress.at(writer.written(), events);
                    try (PreparedStatement select = connection.prepareStatement("""
                            SELECT subject, wrapped_key, master_key_id, created_at, destroyed_at
                            FROM person_key ORDER BY subject""")) {
                        select.setFetchSize(FETCH_SIZE);
                        try (ResultSet rs = select.executeQuery()) {
                            while (rs.next()) {
                                OffsetDateTime destroyedAt = rs.getObject(5, OffsetDateTime.class);
                                writer.write(new ArchivedKey(rs.getString(1), rs.getBytes(2), rs.getString(3),
                                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                                        destroyedAt == null ? null : destroyedAt.toInstant()));
                            }
                        }
                    }
                    writer.finish();
                    out.flush();
                    stream.getChannel().force(true);
                }
                return new Result(file, events, last, heads.count(), heads.digest(), Files.size(temporary), keys,
                        erased, masterKeyId);
            } finally {
                connection.rollback();
            }
        }
    }

    private static ArchiveException brokenChain(String problem, String uai) {
        return new ArchiveException("The hash chain of school " + uai + " is broken: " + problem + ". Nothing was"
                + " written: the import would refuse such an archive (the new home computes every hash again, and"
                + " they would not match the stored ones). Investigate first (GET /api/schools/" + uai
                + "/audit/verify, docs/operations.md \"Tamper evidence\"); to move a store kept as evidence, use pg_dump and"
                + " pg_restore, which keep the stored hashes as they are.");
    }

    /** The latest Flyway migration applied to the source, or null when there is no Flyway history. */
    private static String schemaVersion(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
                ORDER BY installed_rank DESC LIMIT 1""");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void refuseExisting(Path file, boolean overwrite) throws ArchiveException {
        if (!overwrite && Files.exists(file)) {
            throw new ArchiveException(file + " exists already; give another FILE, or --force to replace it.");
        }
        if (Files.isDirectory(file)) {
            throw new ArchiveException(file + " is a folder; give a FILE name.");
        }
    }

    /** Created with owner-only permissions from the start: never readable by others, even for a moment. */
    private static Path createPrivately(Path folder, String name) throws IOException {
        try {
            return Files.createTempFile(folder, "." + name + ".", ".part",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's access rights apply
            return Files.createTempFile(folder, "." + name + ".", ".part");
        }
    }

    private static void move(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The rename itself survives a crash only once the folder is synced (Linux; elsewhere best effort). */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported on this system
        }
    }
}
