package fr.intrascol.sync.query.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.ChangePage;
import fr.intrascol.sync.message.query.FieldChange;
import fr.intrascol.sync.message.query.FindChanges;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL of the history read model (table {@code account_change}). */
@Repository
public class AccountChangeRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {
    };

    private static final RowMapper<ChangeEntry> ENTRY = (rs, n) -> new ChangeEntry(
            rs.getLong("event_index"), rs.getTimestamp("at").toInstant(), rs.getString("uai"),
            rs.getString("account_id"), rs.getString("actor"), rs.getString("origin"), rs.getString("import_id"),
            rs.getString("reason"), rs.getString("correlation_id"), rs.getString("type"),
            readChanges(rs.getString("changes")));

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public AccountChangeRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Stores change entries in one JDBC batch; an entry already stored (a re-delivered event) is skipped. */
    public void insertAll(List<Stored> entries) {
        if (entries.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO account_change (event_index, event_id, at, uai, account_id, actor, origin, import_id,
                                            reason, correlation_id, type, changes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
                ON CONFLICT (event_index) DO NOTHING""", entries, entries.size(), (ps, stored) -> {
            ChangeEntry entry = stored.entry();
            ps.setLong(1, entry.index());
            ps.setString(2, stored.eventId());
            ps.setTimestamp(3, Timestamp.from(entry.at()));
            ps.setString(4, entry.uai());
            ps.setObject(5, UUID.fromString(entry.accountId()));
            ps.setString(6, entry.actor());
            ps.setString(7, entry.origin());
            ps.setString(8, entry.importId());
            ps.setString(9, entry.reason());
            ps.setString(10, entry.correlationId());
            ps.setString(11, entry.type());
            ps.setString(12, writeChanges(entry.changes()));
        });
    }

    /** A change entry with the identifier of the event it comes from. */
    public record Stored(ChangeEntry entry, String eventId) {
    }

    /**
     * Empties the read model before a rebuild. TRUNCATE, not DELETE: deleted rows would stay behind as dead
     * rows and index entries until vacuumed, and the rebuild's inserts would wade through them.
     */
    public void deleteAll() {
        jdbc.sql("TRUNCATE account_change").update();
    }

    public List<ChangeEntry> forAccount(String accountId) {
        return jdbc.sql("SELECT * FROM account_change WHERE account_id = ? ORDER BY event_index")
                .param(UUID.fromString(accountId)).query(ENTRY).list();
    }

    public ChangePage find(FindChanges query) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> params = new ArrayList<>();
        if (query.schools() != null) {
            if (query.schools().isEmpty()) {
                return new ChangePage(List.of(), 0);
            }
            if (query.schools().size() == 1) {
                // "= ?", not "= ANY (?)": only then does PostgreSQL read a school's page newest first
                // straight from the (uai, event_index) index instead of filtering the whole log backwards.
                where.append(" AND uai = ?");
                params.add(query.schools().iterator().next());
            } else {
                where.append(" AND uai = ANY (?)");
                params.add(query.schools().toArray(String[]::new));
            }
        }
        if (query.actor() != null) {
            where.append(" AND actor = ?");
            params.add(query.actor());
        }
        if (query.importId() != null) {
            where.append(" AND import_id = ?");
            params.add(query.importId());
        }
        if (query.from() != null) {
            where.append(" AND at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND at < ?");
            params.add(Timestamp.from(query.to()));
        }
        // The count stops one past the limit: an exact count of a département's million entries costs
        // more than 100 ms, and nobody pages through more than ten thousand (decision 81).
        List<Object> countParams = new ArrayList<>(params);
        countParams.add(ChangePage.COUNT_LIMIT + 1);
        long counted = jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM account_change" + where + " LIMIT ?) c")
                .params(countParams).query(Long.class).single();
        boolean exact = counted <= ChangePage.COUNT_LIMIT;
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(query.size());
        pageParams.add((long) query.page() * query.size());
        List<ChangeEntry> items = jdbc.sql("SELECT * FROM account_change" + where
                        + " ORDER BY event_index DESC LIMIT ? OFFSET ?")
                .params(pageParams).query(ENTRY).list();
        return new ChangePage(items, exact ? counted : ChangePage.COUNT_LIMIT, exact);
    }

    /** The accounts of the schools whose person was erased in [from, to). */
    public java.util.Set<String> erasedBetween(java.util.Collection<String> schools, Instant from, Instant to) {
        return new java.util.HashSet<>(jdbc.sql("""
                        SELECT account_id::text FROM account_change
                        WHERE uai = ANY (?) AND type = 'AccountErased' AND at >= ? AND at < ?""")
                .params(schools.toArray(String[]::new), Timestamp.from(from), Timestamp.from(to))
                .query(String.class).list());
    }

    private static String writeChanges(List<FieldChange> changes) {
        try {
            return JSON.writeValueAsString(changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<FieldChange> readChanges(String json) {
        try {
            return JSON.readValue(json, CHANGES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable changes in account_change: " + e.getMessage(), e);
        }
    }

    /** Every personal value in the account's history becomes « [effacé] »; who, when, what and why stay. */
    public void scrub(String accountId) {
        jdbc.sql("""
                UPDATE account_change SET changes = (
                    SELECT jsonb_agg(CASE WHEN c->>'field' IN ('lastName', 'usageName', 'firstName', 'birthDate', 'ine',
                                                             'login')
                        THEN jsonb_build_object('field', c->>'field',
                                                'from', CASE WHEN c->>'from' IS NULL THEN NULL ELSE '[effacé]' END,
                                                'to', CASE WHEN c->>'to' IS NULL THEN NULL ELSE '[effacé]' END)
                        ELSE c END ORDER BY n)
                    FROM jsonb_array_elements(changes) WITH ORDINALITY AS e(c, n))
                WHERE account_id = ? AND jsonb_array_length(changes) > 0""")
                .param(java.util.UUID.fromString(accountId)).update();
    }
}
