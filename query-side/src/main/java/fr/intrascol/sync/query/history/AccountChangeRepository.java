package fr.intrascol.sync.query.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.ChangePage;
import fr.intrascol.sync.message.query.FieldChange;
import fr.intrascol.sync.message.query.FindChanges;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
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

    public AccountChangeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ChangeEntry entry, String eventId) {
        jdbc.sql("""
                INSERT INTO account_change (event_index, event_id, at, uai, account_id, actor, origin, import_id,
                                            reason, correlation_id, type, changes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
                ON CONFLICT (event_index) DO NOTHING""")
                .params(entry.index(), eventId, Timestamp.from(entry.at()), entry.uai(),
                        UUID.fromString(entry.accountId()), entry.actor(), entry.origin(), entry.importId(),
                        entry.reason(), entry.correlationId(), entry.type(), writeChanges(entry.changes()))
                .update();
    }

    public void deleteAll() {
        jdbc.sql("DELETE FROM account_change").update();
    }

    public List<ChangeEntry> forAccount(String accountId) {
        return jdbc.sql("SELECT * FROM account_change WHERE account_id = ? ORDER BY event_index")
                .param(UUID.fromString(accountId)).query(ENTRY).list();
    }

    public long countForAccount(String accountId) {
        return jdbc.sql("SELECT count(*) FROM account_change WHERE account_id = ?")
                .param(UUID.fromString(accountId)).query(Long.class).single();
    }

    public ChangePage find(FindChanges query) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> params = new ArrayList<>();
        if (query.schools() != null) {
            if (query.schools().isEmpty()) {
                return new ChangePage(List.of(), 0);
            }
            where.append(" AND uai = ANY (?)");
            params.add(query.schools().toArray(String[]::new));
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
        long total = jdbc.sql("SELECT count(*) FROM account_change" + where).params(params)
                .query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(query.size());
        pageParams.add((long) query.page() * query.size());
        List<ChangeEntry> items = jdbc.sql("SELECT * FROM account_change" + where
                        + " ORDER BY event_index DESC LIMIT ? OFFSET ?")
                .params(pageParams).query(ENTRY).list();
        return new ChangePage(items, total);
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
}
