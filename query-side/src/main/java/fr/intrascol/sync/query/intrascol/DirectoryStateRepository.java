package fr.intrascol.sync.query.intrascol;

import fr.intrascol.sync.message.value.AccountStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The IntraScol projector's own read model: each account as its school's server must hold it
 * ({@code directory_account}) and, per school, the last event handled and when a push last succeeded
 * ({@code directory_school}).
 */
@Repository
public class DirectoryStateRepository {

    private static final RowMapper<DirectoryAccount> ACCOUNT = (rs, n) -> new DirectoryAccount(
            rs.getString("account_id"), rs.getString("uai"), rs.getString("login"), rs.getString("role"),
            rs.getString("last_name"), rs.getString("usage_name"), rs.getString("first_name"),
            rs.getString("class_group"), rs.getString("level"), AccountStatus.valueOf(rs.getString("status")),
            rs.getString("password_hash"));

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public DirectoryStateRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Per school: progress of the projector, and of the pushes to the school's server. */
    public record SchoolProgress(String uai, long lastSequence, Instant lastPushAt, long pushes,
                                 Instant lastReplayAt, String lastReplayBy, Integer lastReplayWrites) {
    }

    /**
     * Serialises, until the current transaction ends, everything that pushes to one school's server:
     * the projector's batch and a replay or repair (in any process) never interleave, so a replay
     * cannot overwrite a push with the state from before it.
     */
    public void lockSchool(String uai) {
        jdbc.sql("SELECT pg_advisory_xact_lock(4711, hashtext(?))").param(uai).query(Object.class).optional();
    }

    public Optional<DirectoryAccount> find(String accountId) {
        return jdbc.sql("SELECT * FROM directory_account WHERE account_id = ?").param(UUID.fromString(accountId))
                .query(ACCOUNT).optional();
    }

    public List<DirectoryAccount> school(String uai) {
        return jdbc.sql("SELECT * FROM directory_account WHERE uai = ? ORDER BY login").param(uai).query(ACCOUNT)
                .list();
    }

    public void save(DirectoryAccount a) {
        saveAll(List.of(a));
    }

    /** Accounts saved in one JDBC batch. */
    void saveAll(Collection<DirectoryAccount> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO directory_account (account_id, uai, login, role, last_name, usage_name, first_name,
                                               class_group, level, status, password_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (account_id) DO UPDATE SET login = excluded.login, role = excluded.role,
                    last_name = excluded.last_name, usage_name = excluded.usage_name, first_name = excluded.first_name,
                    class_group = excluded.class_group, level = excluded.level, status = excluded.status,
                    password_hash = excluded.password_hash""", accounts, accounts.size(), (ps, a) -> {
            ps.setObject(1, UUID.fromString(a.accountId()));
            ps.setString(2, a.uai());
            ps.setString(3, a.login());
            ps.setString(4, a.role());
            ps.setString(5, a.lastName());
            ps.setString(6, a.usageName());
            ps.setString(7, a.firstName());
            ps.setString(8, a.classGroup());
            ps.setString(9, a.level());
            ps.setString(10, a.status().name());
            ps.setString(11, a.passwordHash());
        });
    }

    /** The sequence number of the last event of this school the projector handled; -1 for none. */
    public long lastSequence(String uai) {
        return jdbc.sql("SELECT last_sequence FROM directory_school WHERE uai = ?").param(uai).query(Long.class)
                .optional().orElse(-1L);
    }

    /**
     * Events of these schools handled, one JDBC batch: each school's last sequence, its pushes to add and
     * the time of the last one (null when none reached the server).
     */
    void markHandled(Collection<SchoolProgressBatch.Handled> schools) {
        if (schools.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO directory_school (uai, last_sequence, last_push_at, pushes)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (uai) DO UPDATE SET last_sequence = excluded.last_sequence,
                    last_push_at = COALESCE(excluded.last_push_at, directory_school.last_push_at),
                    pushes = directory_school.pushes + excluded.pushes""", schools, schools.size(), (ps, school) -> {
            ps.setString(1, school.uai());
            ps.setLong(2, school.lastSequence());
            ps.setTimestamp(3, school.lastPushAt() == null ? null : Timestamp.from(school.lastPushAt()));
            ps.setLong(4, school.pushes());
        });
    }

    /** A replay or repair done: when, by whom, and how many entries it wrote on the server. */
    public void markReplayed(String uai, String actor, Instant at, int writes) {
        jdbc.sql("""
                INSERT INTO directory_school (uai, last_sequence, last_push_at, last_replay_at, last_replay_by,
                                              last_replay_writes)
                VALUES (?, -1, ?, ?, ?, ?)
                ON CONFLICT (uai) DO UPDATE SET last_push_at = excluded.last_push_at,
                    last_replay_at = excluded.last_replay_at, last_replay_by = excluded.last_replay_by,
                    last_replay_writes = excluded.last_replay_writes""")
                .params(uai, Timestamp.from(at), Timestamp.from(at), actor, writes).update();
    }

    public Optional<SchoolProgress> progress(String uai) {
        return jdbc.sql("SELECT * FROM directory_school WHERE uai = ?").param(uai)
                .query((rs, n) -> new SchoolProgress(rs.getString("uai"), rs.getLong("last_sequence"),
                        instant(rs.getTimestamp("last_push_at")), rs.getLong("pushes"),
                        instant(rs.getTimestamp("last_replay_at")), rs.getString("last_replay_by"),
                        rs.getObject("last_replay_writes", Integer.class)))
                .optional();
    }

    /** The number of the school's events in the store not yet handled by the projector. */
    public long lag(String uai) {
        Long head = jdbc.sql("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(uai).query(Long.class).optional().orElse(null);
        return head == null ? 0 : Math.max(0, head - lastSequence(uai));
    }

    /** Lag summed over every school with a target: what the metrics show. */
    public long totalLag() {
        return jdbc.sql("""
                SELECT COALESCE(sum(GREATEST(0, head.seq - COALESCE(d.last_sequence, -1))), 0)
                FROM school_target t
                JOIN (SELECT aggregate_identifier, max(sequence_number) AS seq FROM domain_event_entry
                      WHERE aggregate_identifier IN (SELECT uai FROM school_target) GROUP BY aggregate_identifier) head
                  ON head.aggregate_identifier = t.uai
                LEFT JOIN directory_school d ON d.uai = t.uai""").query(Long.class).single();
    }

    /**
     * Every school with a target, with its progress, lag and waiting changes, in one query (the list of
     * schools shows hundreds of them). The dead letters are read from the queue's table
     * ({@code dead_letter_entry}, sequence identifier = UAI), as the queue itself counts them.
     */
    public List<TargetProgress> targetProgress(String processingGroup) {
        return jdbc.sql("""
                SELECT t.uai, t.type, t.url, t.base_dn, t.directory, t.updated_at,
                       d.last_push_at, COALESCE(d.pushes, 0) AS pushes, d.last_replay_at, d.last_replay_by,
                       GREATEST(0, COALESCE((SELECT max(e.sequence_number) FROM domain_event_entry e
                                             WHERE e.aggregate_identifier = t.uai), -1)
                                   - COALESCE(d.last_sequence, -1)) AS lag,
                       COALESCE(letters.waiting, 0) AS dead_letters, first.cause_message, first.last_touched
                FROM school_target t
                LEFT JOIN directory_school d ON d.uai = t.uai
                LEFT JOIN (SELECT sequence_identifier, count(*) AS waiting FROM dead_letter_entry
                           WHERE processing_group = :group GROUP BY sequence_identifier) letters
                  ON letters.sequence_identifier = t.uai
                LEFT JOIN (SELECT DISTINCT ON (sequence_identifier) sequence_identifier, cause_message, last_touched
                           FROM dead_letter_entry WHERE processing_group = :group
                           ORDER BY sequence_identifier, sequence_index) first
                  ON first.sequence_identifier = t.uai
                ORDER BY t.uai""")
                .param("group", processingGroup)
                .query((rs, n) -> new TargetProgress(rs.getString("uai"), TargetSettings.Type.valueOf(rs.getString("type")),
                        rs.getString("url"), rs.getString("base_dn"), rs.getString("directory"), rs.getLong("lag"),
                        instant(rs.getTimestamp("last_push_at")), rs.getLong("pushes"), rs.getLong("dead_letters"),
                        rs.getString("cause_message"), parseInstant(rs.getString("last_touched")),
                        instant(rs.getTimestamp("last_replay_at")), rs.getString("last_replay_by"),
                        instant(rs.getTimestamp("updated_at"))))
                .list();
    }

    /** One row of {@link #targetProgress}. */
    public record TargetProgress(String uai, TargetSettings.Type type, String url, String baseDn, String directory,
                                 long lag, Instant lastPushAt, long pushes, long deadLetters, String lastError,
                                 Instant lastFailureAt, Instant lastReplayAt, String lastReplayBy,
                                 Instant configuredAt) {
    }

    /**
     * Empties the read model before a rebuild. TRUNCATE, not DELETE: deleted rows would stay behind as dead
     * rows and index entries until vacuumed, and the rebuild's inserts would wade through them.
     */
    public void deleteAll() {
        jdbc.sql("TRUNCATE directory_account, directory_school").update();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The queue writes its instants as ISO-8601 text. */
    private static Instant parseInstant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
