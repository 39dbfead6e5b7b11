package fr.intrascol.sync.app.archive;

import fr.intrascol.sync.app.privacy.keys.MasterKey;
import fr.intrascol.sync.app.privacy.keys.MasterKeyLoader;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Loads an archive into an empty event store, in one transaction (a Spring one: the person keys that
 * sealing creates join it): first the persons' data keys (key lines, kept wrapped as they are), then the
 * events, which keep their {@code global_index}, identifiers, timestamps and exact payload and metadata
 * bytes. The hash-chain trigger of migration V6 computes every {@code chain_hash} again as the rows go in;
 * each must equal the archived one, so an archive altered after export (even with its checksum fixed up)
 * is refused at the first event that differs. Any refusal rolls everything back: the store is left empty.
 * Projections are not touched here (see {@link ProjectionReplay}).
 *
 * <p><b>Keys.</b> The archive's live keys are wrapped by the old home's master key, which is not in it: an
 * archive whose keys are wrapped by a master key this installation does not have is refused before
 * anything is written (the operator copies the old home's key first, see docs/operations.md).
 *
 * <p><b>Clear personal data.</b> Events of stores written before crypto-shredding hold personal data in
 * clear; they are sealed as they go in ({@link PersonalDataResealer}), the one-time migration of such
 * stores. Their bytes change, so from the first such event of a school on, the hashes the trigger computes
 * are the new home's own: for that school the archive's chain is checked on its own instead (every archived
 * hash recomputed from the archived bytes, as the export does), before its events are sealed.
 */
@Component
public class EventStoreImport {

    /** Rows per JDBC batch, and a bound on the payload bytes a batch holds in memory. */
    static final int BATCH_ROWS = 500;
    static final long BATCH_BYTES = 8L << 20;

    private final DataSource dataSource;
    private final PlatformTransactionManager transactions;
    private final MasterKeyLoader.MasterKeys masterKeys;
    private final PersonalDataResealer resealer;

    public EventStoreImport(DataSource dataSource, PlatformTransactionManager transactions,
                            MasterKeyLoader.MasterKeys masterKeys, PersonalDataResealer resealer) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.masterKeys = masterKeys;
        this.resealer = resealer;
    }

    /**
     * What was imported.
     *
     * @param unchained       events whose archived hash was null (stored before V6): nothing to compare them with
     * @param keys            person keys imported (live keys and tombstones)
     * @param erased          of those, tombstones: erased persons, who stay erased
     * @param resealed        events whose personal data was in clear (an earlier version's) and is now sealed
     * @param resealedSchools schools with such events: their hash chains are the new home's from there on
     */
    public record Result(long events, long lastGlobalIndex, int schools, String headsDigest, long unchained,
                         long keys, long erased, long resealed, int resealedSchools) {
    }

    /**
     * @param file     an archive already checked with {@link EventArchiveReader#verify}; it is checked again
     *                 as it is loaded, and any difference rolls the transaction back
     * @param progress told how many events are loaded, now and then
     */
    public Result load(Path file, EventArchive.Progress progress) throws ArchiveException {
        TransactionStatus transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
        try {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            Result result;
            try {
                result = load(connection, file, progress);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
            transactions.commit(transaction);
            return result;
        } catch (SQLException e) {
            rollback(transaction);
            if ("23505".equals(e.getSQLState()) || "23505".equals(nextState(e))) {
                throw new ArchiveException(file + " holds two events with the same identifier, or the same"
                        + " school and sequence number: it is not an export of one event store.", e);
            }
            throw new ArchiveException("Could not write the event store: " + e.getMessage(), e);
        } catch (ArchiveException | RuntimeException | Error e) {
            rollback(transaction);
            throw e;
        }
    }

    private void rollback(TransactionStatus transaction) {
        if (!transaction.isCompleted()) {
            transactions.rollback(transaction);
        }
    }

    private static String nextState(SQLException e) {
        return e.getNextException() == null ? null : e.getNextException().getSQLState();
    }

    private Result load(Connection connection, Path file, EventArchive.Progress progress) throws SQLException,
            ArchiveException {
        try (Statement statement = connection.createStatement()) {
            // no one else appends events (or creates keys) while this runs; readers (other processes'
            // projections) still may
            statement.execute("LOCK TABLE domain_event_entry, snapshot_event_entry, person_key IN EXCLUSIVE MODE");
        }
        requireEmpty(connection);
        // the keys first, every one of them (the file is read a first time for them, after its events): an
        // event sealed below uses its person's key when the archive has it, and an erased person's tombstone
        // must be there before any of their events is sealed
        Set<String> erasedSubjects = new HashSet<>();
        long keys = 0;
        try (EventArchiveReader reader = EventArchiveReader.open(file)) {
            requireCompatible(connection, reader.header(), file);
            requireMasterKey(reader.header(), file);
            if (reader.header().keys() > 0) {
                keys = loadKeys(connection, reader, erasedSubjects, file);
            }
        }
        ChainHeads heads = new ChainHeads();
        // the archive's own chain, checked event by event in the schools whose events are sealed here
        ChainHeads archived = new ChainHeads();
        Set<String> diverged = new HashSet<>();
        long loaded = 0;
        long last = 0;
        long unchained = 0;
        long resealed = 0;
        try (EventArchiveReader reader = EventArchiveReader.open(file);
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier,
                         sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement stored = connection.prepareStatement("""
                     SELECT global_index, chain_hash FROM domain_event_entry
                     WHERE global_index BETWEEN ? AND ? ORDER BY global_index""")) {
            List<Inserted> batch = new ArrayList<>(BATCH_ROWS);
            long batchBytes = 0;
            ArchivedEvent event;
            while ((event = reader.next()) != null) {
                PersonalDataResealer.Resealed sealed = null;
                ArchiveException unsealable = null;
                try {
                    sealed = resealer.reseal(event, erasedSubjects::contains);
                } catch (ArchiveException e) {
                    unsealable = e; // an altered event, perhaps: the chain says so first
                }
                String school = event.aggregateIdentifier();
                boolean compare = sealed == null && unsealable == null && !diverged.contains(school);
                if (compare) {
                    archived.advance(school, event.sequenceNumber(), event.chainHash());
                } else {
                    // from here on this school's hashes are the new home's: check the archive's own chain
                    diverged.add(school);
                    String problem = archived.verifyAndAdvance(event);
                    if (problem != null) {
                        throw new ArchiveException("The archive does not match its own hash chain at "
                                + event.describe() + ": " + problem + ". The event, or one before it in that"
                                + " school, was altered or removed after the export.");
                    }
                    if (unsealable != null) {
                        throw unsealable;
                    }
                }
                byte[] payload = sealed == null ? event.payload() : sealed.payload();
                resealed += sealed == null ? 0 : 1;
                insert.setLong(1, event.globalIndex());
                insert.setString(2, event.eventIdentifier());
                insert.setString(3, event.aggregateIdentifier());
                insert.setLong(4, event.sequenceNumber());
                insert.setString(5, event.type());
                insert.setString(6, event.timeStamp());
                insert.setString(7, event.payloadType());
                insert.setString(8, sealed == null ? event.payloadRevision() : sealed.payloadRevision());
                insert.setBytes(9, payload);
                if (event.metaData() == null) {
                    insert.setNull(10, Types.BINARY);
                } else {
                    insert.setBytes(10, event.metaData());
                }
                insert.addBatch();
                // keep the row without its payload: only the chain check needs it, after the insert
                batch.add(new Inserted(new ArchivedEvent(event.globalIndex(), event.eventIdentifier(),
                        event.aggregateIdentifier(), event.sequenceNumber(), event.type(), event.timeStamp(),
                        event.payloadType(), event.payloadRevision(), null, null, event.chainHash()), compare));
                unchained += event.chainHash() == null ? 1 : 0;
                batchBytes += payload.length + (event.metaData() == null ? 0 : event.metaData().length);
                if (batch.size() >= BATCH_ROWS || batchBytes >= BATCH_BYTES) {
                    loaded += flush(insert, stored, batch, heads);
                    batchBytes = 0;
                    progress.at(loaded, reader.header().events());
                }
                last = event.globalIndex();
            }
            loaded += flush(insert, stored, batch, heads);
            progress.at(loaded, reader.header().events());
            while (reader.nextKey() != null) {
                // loaded first; read again to the end so that this reading too checks the trailer
            }
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
        return new Result(loaded, last, heads.count(), heads.digest(), unchained, keys, erasedSubjects.size(),
                resealed, diverged.size());
    }

    /** An event inserted, without its payload; {@code compare}: its recomputed hash must equal the archived one. */
    private record Inserted(ArchivedEvent event, boolean compare) {
    }

    /**
     * Inserts every key line of the archive as it is (the data keys stay wrapped), in batches, and collects
     * the erased subjects (tombstones).
     */
    private static long loadKeys(Connection connection, EventArchiveReader reader, Set<String> erased, Path file)
            throws SQLException, ArchiveException {
        long loaded = 0;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO person_key (subject, wrapped_key, master_key_id, created_at, destroyed_at)
                VALUES (?, ?, ?, ?, ?)""")) {
            int pending = 0;
            ArchivedKey key;
            while ((key = reader.nextKey()) != null) {
                insert.setString(1, key.subject());
                if (key.wrappedKey() == null) {
                    insert.setNull(2, Types.BINARY);
                    erased.add(key.subject());
                } else {
                    insert.setBytes(2, key.wrappedKey());
                }
                insert.setString(3, key.masterKeyId());
                insert.setObject(4, OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC));
                insert.setObject(5, key.destroyedAt() == null ? null
                        : OffsetDateTime.ofInstant(key.destroyedAt(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                insert.addBatch();
                loaded++;
                if (++pending == BATCH_ROWS) {
                    executeKeys(insert, file);
                    pending = 0;
                }
            }
            if (pending > 0) {
                executeKeys(insert, file);
            }
        }
        return loaded;
    }

    private static void executeKeys(PreparedStatement insert, Path file) throws SQLException, ArchiveException {
        try {
            insert.executeBatch();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) || "23505".equals(nextState(e))) {
                throw new ArchiveException(file + " holds two keys for the same person (subject): it is not an"
                        + " export of one event store.", e);
            }
            throw e;
        }
    }

    /**
     * The archive's live keys are wrapped by a master key this installation must have: refused before
     * anything is written otherwise, with what to do.
     */
    private void requireMasterKey(EventArchive.Header header, Path file) throws ArchiveException {
        String needed = header.masterKeyId();
        if (needed == null || masterKeys.all().stream().map(MasterKey::id).anyMatch(needed::equals)) {
            return;
        }
        String fix = masterKeys.fromProperty()
                ? "set intrascol.privacy.master-key (INTRASCOL_PRIVACY_MASTERKEY) on this installation to the old"
                + " home's master key (the content of its master.key file, or its secret)"
                : "copy the old home's master key file (<its data folder>/master.key) over " + masterKeys.file()
                + " (the key this installation has wraps nothing yet; keep the file readable by its owner"
                + " only: chmod 600), or set intrascol.privacy.master-key (INTRASCOL_PRIVACY_MASTERKEY) to its"
                + " content";
        throw new ArchiveException(file + " holds person keys wrapped by master key " + needed + ", but this"
                + " installation has master key " + masterKeys.wrapping().id() + " (" + masterKeys.source() + ")."
                + " The master key is never in an archive: it travels apart, by another channel. First " + fix
                + ", then import again. (Without it, no person's data could be read here.)");
    }

    /** Inserts the batch, then compares each recomputed chain hash with the archived one. */
    private static int flush(PreparedStatement insert, PreparedStatement stored, List<Inserted> batch,
                             ChainHeads heads) throws SQLException, ArchiveException {
        if (batch.isEmpty()) {
            return 0;
        }
        insert.executeBatch();
        stored.setLong(1, batch.get(0).event().globalIndex());
        stored.setLong(2, batch.get(batch.size() - 1).event().globalIndex());
        int index = 0;
        try (ResultSet rs = stored.executeQuery()) {
            while (rs.next()) {
                Inserted inserted = batch.get(index++);
                ArchivedEvent archived = inserted.event();
                if (rs.getLong(1) != archived.globalIndex()) {
                    throw new IllegalStateException("Inserted rows do not read back in order at global index "
                            + archived.globalIndex());
                }
                byte[] recomputed = rs.getBytes(2);
                if (inserted.compare() && archived.chainHash() != null
                        && !Arrays.equals(recomputed, archived.chainHash())) {
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
                            (SELECT count(*) FROM snapshot_event_entry),
                            (SELECT count(*) FROM person_key)""")) {
            rs.next();
            long events = rs.getLong(1);
            long snapshots = rs.getLong(2);
            long keys = rs.getLong(3);
            if (events > 0 || snapshots > 0 || keys > 0) {
                throw new ArchiveException("The event store of this installation is not empty (" + events
                        + " events, " + snapshots + " snapshots, " + keys + " person keys): an archive is imported"
                        + " only into a new"
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
