package fr.intrascol.sync.app.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of user administration (table {@code user_admin_audit}): who created, disabled, re-enabled
 * whom, gave or removed which role and school, reset whose password (never the password), issued or
 * revoked which token (never the token).
 */
@Component
public class UserAdminAudit {

    /** The actions recorded. */
    public static final String CREATED = "USER_CREATED";
    public static final String DISABLED = "USER_DISABLED";
    public static final String ENABLED = "USER_ENABLED";
    public static final String ROLE_ADDED = "ROLE_ADDED";
    public static final String ROLE_REMOVED = "ROLE_REMOVED";
    public static final String SCHOOL_ADDED = "SCHOOL_ADDED";
    public static final String SCHOOL_REMOVED = "SCHOOL_REMOVED";
    public static final String PASSWORD_RESET = "PASSWORD_RESET";
    public static final String PASSWORD_CHANGED = "PASSWORD_CHANGED";
    public static final String TOKEN_ISSUED = "TOKEN_ISSUED";
    public static final String TOKEN_REVOKED = "TOKEN_REVOKED";

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int MAX_PAGE_SIZE = 500;

    private final JdbcClient jdbc;

    public UserAdminAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One line of the audit. */
    public record Entry(long id, Instant at, String actor, String action, String target, Map<String, Object> details) {
    }

    /** A page of lines, newest first, and how many lines match in all. */
    public record Page(List<Entry> items, long total) {
    }

    public void record(String actor, String action, String target, Map<String, ?> details) {
        String json;
        try {
            json = JSON.writeValueAsString(details == null ? Map.of() : details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        jdbc.sql("INSERT INTO user_admin_audit (actor, action, target, details) VALUES (?, ?, ?, CAST(? AS jsonb))")
                .params(actor, action, target, json).update();
    }

    /** Lines about {@code user} (as target or actor), or every line when it is null or blank; page from 0. */
    public Page page(String user, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page >= 0 and 1 <= size <= " + MAX_PAGE_SIZE);
        }
        boolean all = user == null || user.isBlank();
        String where = all ? "" : " WHERE target = :user OR actor = :user";
        JdbcClient.StatementSpec count = jdbc.sql("SELECT count(*) FROM user_admin_audit" + where);
        JdbcClient.StatementSpec select = jdbc.sql("SELECT id, at, actor, action, target, details::text FROM user_admin_audit"
                + where + " ORDER BY at DESC, id DESC LIMIT :size OFFSET :offset");
        if (!all) {
            count = count.param("user", user);
            select = select.param("user", user);
        }
        long total = count.query(Long.class).single();
        List<Entry> items = select.param("size", size).param("offset", (long) page * size)
                .query((rs, row) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), details(rs.getString(6))))
                .list();
        return new Page(items, total);
    }

    private static Map<String, Object> details(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", json);
        }
    }
}
