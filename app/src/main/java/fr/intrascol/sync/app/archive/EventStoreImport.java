package fr.intrascol.sync.app.archive;

import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads an archive into an empty event store, in one transaction: the events keep their
 * {@code global_index}, identifiers, timestamps and exact payload and metadata bytes. The hash-chain
 * trigger of migration V6 computes every {@code chain_hash} again as the rows go in; each must equal the
 * archived one, so an archive altered after export (even with its checksum fixed up) is refused at the
 * first event that differs. Any refusal rolls everything back: the store is left empty. Projections are
 * not touched here (see {@link ProjectionReplay}).
 */
@Component
public class EventStoreImport {

    /** Rows per JDBC batch, and a bound on the payload bytes a batch holds in memory. */
    static final int BATCH_ROWS = 500;
    static final long BATCH_BYTES = 8L << 20;

    private final DataSource dataSource;

    public EventStoreImport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * What was imported.
     *
     * @param unchained events whose archived hash was null (stored before V6): nothing to compare them with
     */
    public record Result(long events, long lastGlobalIndex, int schools, String headsDigest, long unchained) {
    }

    /**
     * @param file     an archive already checked with {@link EventArchiveReader#verify}; it is checked again
     *                 as it is loaded, and any difference rolls the transaction back
     * @param progress told how many events are loaded, now and then
     */
    public Result load(Path file, EventArchive.Progress progress) throws ArchiveException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Result result = load(connection, file, progress);
                connection.commit();
                return result;
            } catch (ArchiveException | SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ArchiveException(file + " holds two events with the same identifier, or the same"
                        + " school and sequence number: it is not an export of one event store.", e);
            }
            throw new ArchiveException("Could not write the event store: " + e.getMessage(), e);
        }
    }

    private Result load(Connection connection, Path file, EventArchive.Progress progress) throws SQLException,
            ArchiveException {
        try (Statement statement = connection.createStatement()) {
            // no one else appends events while this runs; readers (other processes' projections) still may
            statement.execute("LOCK TABLE domain_event_entry, snapshot_event_entry IN EXCLUSIVE MODE");
        }
        requireEmpty(connection);
        ChainHeads heads = new ChainHeads();
        long loaded = 0;
        long last = 0;
        long unchained = 0;
        try (EventArchiveReader reader = EventArchiveReader.open(file);
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier,
                         sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement stored = connection.prepareStatement("""
                     SELECT global_index, chain_hash FROM domain_event_entry
                     WHERE global_index BETWEEN ? AND ? ORDER BY global_index""")) {
            requireCompatible(connection, reader.header(), file);
            List<ArchivedEvent> batch = new ArrayList<>(BATCH_ROWS);
            long batchBytes = 0;
            ArchivedEvent event;
            while ((event = reader.next()) != null) {
                insert.setLong(1, event.globalIndex());
                insert.setString(2, event.eventIdentifier());
                insert.setString(3, event.aggregateIdentifier());
                insert.setLong(4, event.sequenceNumber());
                insert.setString(5, event.type());
                insert.setString(6, event.timeStamp());
                insert.setString(7, event.payloadType());
                insert.setString(8, event.payloadRevision());
                insert.setBytes(9, event.payload());
                if (event.metaData() == null) {
                    insert.setNull(10, Types.BINARY);
                } else {
                    insert.setBytes(10, event.metaData());
                }
                insert.addBatch();
                // keep the row without its payload: only the chain check needs it, after the insert
                batch.add(new ArchivedEvent(event.globalIndex(), event.eventIdentifier(),
                        event.aggregateIdentifier(), event.sequenceNumber(), event.type(), event.timeStamp(),
                        event.payloadType(), event.payloadRevision(), null, null, event.chainHash()));
                unchained += event.chainHash() == null ? 1 : 0;
                batchBytes += event.payload().length + (event.metaData() == null ? 0 : event.metaData().length);
                if (batch.size() >= BATCH_ROWS || batchBytes >= BATCH_BYTES) {
                    loaded += flush(insert, stored, batch, heads);
                    batchBytes = 0;
                    progress.at(loaded, reader.header().events());
                }
                last = event.globalIndex();
            }
            loaded += flush(insert, stored, batch, heads);
            progress.at(loaded, reader.header().events());
        }
        if (last > 0) {
            // the application's next event continues after the imported ones (setval is not transactional:
            // it comes last, once everything has been checked)
            try (PreparedStatement sequence = connection.prepareStatement(
                    "SELECT setval(pg_get_serial_sequence('domain_event_entry', 'global_index'), ?)")) {
                sequence.setLong(1, last);
                sequence.execute();
            }
        }
        return new Result(loaded, last, heads.count(), heads.digest(), unchained);
    }

    /** Inserts the batch, then compares each recomputed chain hash with the archived one. */
    private static int flush(PreparedStatement insert, PreparedStatement stored, List<ArchivedEvent> batch,
                             ChainHeads heads) throws SQLException, ArchiveException {
        if (batch.isEmpty()) {
            return 0;
        }
        insert.executeBatch();
        stored.setLong(1, batch.get(0).globalIndex());
        stored.setLong(2, batch.get(batch.size() - 1).globalIndex());
        int index = 0;
        try (ResultSet rs = stored.executeQuery()) {
            while (rs.next()) {
                ArchivedEvent archived = batch.get(index++);
                if (rs.getLong(1) != archived.globalIndex()) {
                    throw new IllegalStateException("Inserted rows do not read back in order at global index "
                            + archived.globalIndex());
                }
                byte[] recomputed = rs.getBytes(2);
                if (archived.chainHash() != null && !Arrays.equals(recomputed, archived.chainHash())) {
                    throw new ArchiveException("The archive does not match its own hash chain at "
                            + archived.describe() + ": the hash computed again on insert ("
                            + hex(recomputed) + ") differs from the archived one (" + hex(archived.chainHash())
                            + "). The event, or one before it in that school, was altered or removed after the"
                            + " export.");
                }
                heads.advance(archived.aggregateIdentifier(), archived.sequenceNumber(), recomputed);
            }
        }
        if (index != batch.size()) {
            throw new IllegalStateException("Inserted " + batch.size() + " rows but read back " + index);
        }
        int size = batch.size();
        batch.clear();
        return size;
    }

    private static void requireEmpty(Connection connection) throws SQLException, ArchiveException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT (SELECT count(*) FROM domain_event_entry),
                            (SELECT count(*) FROM snapshot_event_entry)""")) {
            rs.next();
            long events = rs.getLong(1);
            long snapshots = rs.getLong(2);
            if (events > 0 || snapshots > 0) {
                throw new ArchiveException("The event store of this installation is not empty (" + events
                        + " events, " + snapshots + " snapshots): an archive is imported only into a new"
                        + " installation, never merged into an existing history. Use a new"
                        + " --intrascol.data-dir (or an empty database) for the new home.");
            }
        }
    }

    /** An archive of a newer schema holds events this build may not know: refuse rather than half-replay. */
    private void requireCompatible(Connection connection, EventArchive.Header header, Path file)
            throws SQLException, ArchiveException {
        String local;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
                     ORDER BY installed_rank DESC LIMIT 1""")) {
            local = rs.next() ? rs.getString(1) : null;
        }
        if (EventArchive.compareVersions(header.schemaVersion(), local) > 0) {
            throw new ArchiveException(file + " was exported by a newer intrascol-sync (database schema version "
                    + header.schemaVersion() + ") than this one (" + local + "). Install that version or a newer"
                    + " one on the new home, then import.");
        }
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "none" : HexFormat.of().formatHex(bytes);
    }
}
