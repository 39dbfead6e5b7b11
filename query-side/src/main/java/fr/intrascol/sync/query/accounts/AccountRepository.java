package fr.intrascol.sync.query.accounts;

import fr.intrascol.sync.message.query.AccountPage;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.FindAccountPage;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.Folding;
import fr.intrascol.sync.message.value.SchoolOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The SQL of the accounts read model (tables {@code school} and {@code account}). */
@Repository
public class AccountRepository {

    private static final RowMapper<AccountView> ACCOUNT = (rs, n) -> new AccountView(
            rs.getString("account_id"), rs.getString("uai"), rs.getString("role"), rs.getString("last_name"),
            rs.getString("usage_name"), rs.getString("first_name"),
            rs.getDate("birth_date") == null ? null : rs.getDate("birth_date").toLocalDate(),
            rs.getString("ine"), rs.getString("login"), rs.getString("class_group"), rs.getString("level"),
            rs.getString("status"), rs.getLong("version"));

    private static final String SCHOOL_SELECT = """
            SELECT s.uai, s.name, s.login_max_length, s.registered_at,
                   (SELECT count(*) FROM account a WHERE a.uai = s.uai AND a.status = 'ACTIVE') AS active,
                   (SELECT count(*) FROM account a WHERE a.uai = s.uai AND a.status = 'SUSPENDED') AS suspended
            FROM school s""";

    private static final RowMapper<SchoolView> SCHOOL = (rs, n) -> new SchoolView(
            rs.getString("uai"), rs.getString("name"), rs.getInt("login_max_length"),
            rs.getTimestamp("registered_at").toInstant(), rs.getInt("active"), rs.getInt("suspended"));

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public AccountRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public void insertSchool(String uai, String name, int loginMaxLength, Instant at) {
        jdbc.sql("""
                INSERT INTO school (uai, name, login_max_length, registered_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (uai) DO NOTHING""")
                .params(uai, name, loginMaxLength, Timestamp.from(at)).update();
    }

    /** The stored rows of these accounts (those that exist), in one query. */
    Map<UUID, AccountsBatch.Row> rows(Collection<UUID> accountIds) {
        Map<UUID, AccountsBatch.Row> rows = new HashMap<>();
        if (accountIds.isEmpty()) {
            return rows;
        }
        jdbc.sql("SELECT * FROM account WHERE account_id = ANY (CAST(? AS uuid[]))")
                .param(accountIds.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, n) -> new AccountsBatch.Row(ACCOUNT.mapRow(rs, n), rs.getLong("last_event"),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()))
                .list()
                .forEach(row -> rows.put(UUID.fromString(row.view().accountId()), row));
        return rows;
    }

    /**
     * Writes a batch of the accounts projection in three JDBC batches: the accounts' final states (in
     * the order given), the end of the stored versions that the batch's events replaced, then the new
     * versions.
     */
    void write(Collection<AccountsBatch.Row> accounts, Map<UUID, Instant> closeStoredVersions,
               List<AccountsBatch.Version> versions) {
        if (!accounts.isEmpty()) {
            template.batchUpdate("""
                    INSERT INTO account (account_id, uai, role, last_name, usage_name, first_name, birth_date, ine,
                                         login, class_group, level, status, version, search_text, last_event,
                                         created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account_id) DO UPDATE SET
                        last_name = EXCLUDED.last_name, usage_name = EXCLUDED.usage_name,
                        first_name = EXCLUDED.first_name, birth_date = EXCLUDED.birth_date, ine = EXCLUDED.ine,
                        login = EXCLUDED.login, class_group = EXCLUDED.class_group,
                        level = EXCLUDED.level, status = EXCLUDED.status, version = EXCLUDED.version,
                        search_text = EXCLUDED.search_text,
                        last_event = EXCLUDED.last_event, updated_at = EXCLUDED.updated_at
                    WHERE account.last_event < EXCLUDED.last_event""", accounts, accounts.size(), (ps, row) -> {
                AccountView a = row.view();
                int i = setView(ps, 1, a);
                ps.setLong(i, row.lastEvent());
                ps.setTimestamp(i + 1, Timestamp.from(row.createdAt()));
                ps.setTimestamp(i + 2, Timestamp.from(row.updatedAt()));
            });
        }
        if (!closeStoredVersions.isEmpty()) {
            template.batchUpdate("UPDATE account_version SET valid_to = ? WHERE account_id = ? AND valid_to IS NULL",
                    closeStoredVersions.entrySet(), closeStoredVersions.size(), (ps, close) -> {
                        ps.setTimestamp(1, Timestamp.from(close.getValue()));
                        ps.setObject(2, close.getKey());
                    });
        }
        if (!versions.isEmpty()) {
            template.batchUpdate("""
                    INSERT INTO account_version (account_id, uai, role, last_name, usage_name, first_name, birth_date,
                                                 ine, login, class_group, level, status, version, search_text,
                                                 valid_from, valid_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account_id, version) DO NOTHING""", versions, versions.size(), (ps, version) -> {
                int i = setView(ps, 1, version.view);
                ps.setTimestamp(i, Timestamp.from(version.validFrom));
                ps.setTimestamp(i + 1, version.validTo == null ? null : Timestamp.from(version.validTo));
            });
        }
    }

    /**
     * Sets an account's 14 columns from {@code account_id} to {@code search_text}; answers the next index.
     * {@code search_text} is what the list searches and sorts names by ({@link #searchText}).
     */
    private static int setView(PreparedStatement ps, int first, AccountView a) throws SQLException {
        ps.setObject(first, UUID.fromString(a.accountId()));
        ps.setString(first + 1, a.uai());
        ps.setString(first + 2, a.role());
        ps.setString(first + 3, a.lastName());
        ps.setString(first + 4, a.usageName());
        ps.setString(first + 5, a.firstName());
        ps.setDate(first + 6, date(a.birthDate()));
        ps.setString(first + 7, a.ine());
        ps.setString(first + 8, a.login());
        ps.setString(first + 9, a.classGroup());
        ps.setString(first + 10, a.level());
        ps.setString(first + 11, a.status());
        ps.setLong(first + 12, a.version());
        ps.setString(first + 13, searchText(a));
        return first + 14;
    }

    /**
     * The account's names and login folded ({@link Folding}: lower case, no accents), surname first: the
     * list finds each typed word in it and orders names by it (« Émile » among the E). As personal as the
     * names it is made of: an erasure scrubs it with them.
     */
    static String searchText(AccountView a) {
        return Folding.fold(String.join(" ", Objects.toString(a.lastName(), ""), Objects.toString(a.firstName(), ""),
                Objects.toString(a.usageName(), ""), Objects.toString(a.login(), "")));
    }

    /** The accounts of a school as they were at {@code at} (closed ones left out), in the list's order. */
    public List<AccountView> findAccountsAsOf(String uai, Instant at) {
        Selection base = Selection.of(uai, at, false);
        return jdbc.sql("SELECT * " + base.from() + " ORDER BY " + ORDER).params(base.params())
                .param(classes(base).toArray(String[]::new)).query(ACCOUNT).list();
    }

    /**
     * Empties the read model before a rebuild. TRUNCATE, not DELETE: deleted rows would stay behind as dead
     * rows and index entries until vacuumed, and the rebuild's inserts would wade through them.
     */
    public void deleteAll() {
        jdbc.sql("TRUNCATE account_version, account, school").update();
    }

    public Optional<SchoolView> findSchool(String uai) {
        return jdbc.sql(SCHOOL_SELECT + " WHERE s.uai = ?").param(uai).query(SCHOOL).optional();
    }

    public List<SchoolView> findSchools() {
        return jdbc.sql(SCHOOL_SELECT + " ORDER BY s.uai").query(SCHOOL).list();
    }

    public List<AccountView> findAccounts(String uai, boolean includeErased) {
        Selection base = Selection.of(uai, null, includeErased);
        return jdbc.sql("SELECT * " + base.from() + " ORDER BY " + ORDER).params(base.params())
                .param(classes(base).toArray(String[]::new)).query(ACCOUNT).list();
    }

    /**
     * The list's order: role, class in school order ({@link SchoolOrder#classes()}, given as the array of the
     * school's classes in that order, the statement's last parameter), then names folded (accented letters
     * with their base letter), then login.
     */
    private static final String ORDER = "role, array_position(CAST(? AS text[]), CAST(class_group AS text)) NULLS LAST,"
            + " search_text COLLATE \"C\", login COLLATE \"C\", account_id";

    /**
     * The accounts a list starts from: a school's accounts now ({@code account}: closed ones only when
     * asked), or as they were at a moment ({@code account_version}, closed ones never).
     */
    private record Selection(String from, List<Object> params) {

        static Selection of(String uai, Instant asOf, boolean includeErased) {
            if (asOf != null) {
                Timestamp at = Timestamp.from(asOf);
                return new Selection("FROM account_version WHERE uai = ? AND valid_from <= ?"
                        + " AND (valid_to IS NULL OR valid_to > ?) AND status <> 'ERASED'", List.of(uai, at, at));
            }
            return new Selection("FROM account WHERE uai = ?" + (includeErased ? "" : " AND status <> 'ERASED'"),
                    List.of(uai));
        }

        Selection and(String condition, Object... values) {
            List<Object> all = new ArrayList<>(params);
            all.addAll(Arrays.asList(values));
            return new Selection(from + " AND " + condition, all);
        }
    }

    /** The classes of a school's open accounts, in school order. */
    public List<String> findClasses(String uai) {
        return classes(Selection.of(uai, null, false));
    }

    /** The classes of the selection's accounts, in school order. */
    private List<String> classes(Selection base) {
        List<String> classes = new ArrayList<>(jdbc.sql("SELECT DISTINCT class_group " + base.from()
                + " AND class_group IS NOT NULL").params(base.params()).query(String.class).list());
        classes.sort(SchoolOrder.classes());
        return classes;
    }

    /**
     * One page of a school's accounts, searched and filtered here rather than in memory: three statements on
     * the school's rows (index {@code account_school_list}; {@code account_version_school_time} for a past
     * moment): the school's classes and count, the matching count, then the page with LIMIT/OFFSET.
     */
    public AccountPage findPage(FindAccountPage query) {
        Selection base = Selection.of(query.uai().value(), query.asOf(), "ERASED".equalsIgnoreCase(query.status()));
        List<String> classes = classes(base);
        int total = jdbc.sql("SELECT count(*) " + base.from()).params(base.params()).query(Integer.class).single();
        Selection found = base;
        if (query.classGroup() != null) {
            found = found.and("class_group = ?", query.classGroup());
        }
        if (query.level() != null) {
            found = found.and("level = upper(?)", query.level());
        }
        if (query.role() != null) {
            found = found.and("role = upper(?)", query.role());
        }
        if (query.status() != null) {
            found = found.and("status = upper(?)", query.status());
        }
        String words = Folding.fold(query.search());
        if (!words.isEmpty()) {
            for (String word : words.split(" ")) {
                found = found.and("search_text LIKE ? ESCAPE '\\'", "%" + LIKE_SPECIAL.matcher(word).replaceAll("\\\\$0") + "%");
            }
        }
        int count = jdbc.sql("SELECT count(*) " + found.from()).params(found.params()).query(Integer.class).single();
        int pages = Math.max(1, (count + query.size() - 1) / query.size());
        int page = Math.min(query.page(), pages);
        List<AccountView> items = count == 0 ? List.of() : jdbc.sql("SELECT * " + found.from() + " ORDER BY " + ORDER
                        + " LIMIT ? OFFSET ?").params(found.params()).param(classes.toArray(String[]::new))
                .param(query.size()).param((page - 1) * query.size()).query(ACCOUNT).list();
        return new AccountPage(items, count, total, page, pages, classes);
    }

    private static final Pattern LIKE_SPECIAL = Pattern.compile("[\\\\%_]");

    /**
     * Accounts suspended since before {@code cutoff} without a break: no version of theirs that is not
     * suspended was still valid after the cutoff. Oldest change first.
     */
    public List<AccountView> findSuspendedBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                SELECT a.* FROM account a
                WHERE a.status = 'SUSPENDED'
                  AND NOT EXISTS (SELECT 1 FROM account_version v
                                  WHERE v.account_id = a.account_id AND v.status <> 'SUSPENDED'
                                    AND (v.valid_to IS NULL OR v.valid_to > ?))
                ORDER BY a.updated_at LIMIT ?""")
                .params(Timestamp.from(cutoff), limit).query(ACCOUNT).list();
    }

    public Optional<AccountView> findAccount(String accountId) {
        return jdbc.sql("SELECT * FROM account WHERE account_id = ?")
                .param(UUID.fromString(accountId)).query(ACCOUNT).optional();
    }

    private static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    /**
     * Erases every personal value of the accounts' past versions ("the accounts as they were" then show
     * « [effacé] »): the person's data key is destroyed, and the read model must not keep a copy.
     */
    void scrubVersions(java.util.Collection<UUID> accountIds) {
        for (UUID id : accountIds) {
            jdbc.sql("""
                    UPDATE account_version SET last_name = ?, usage_name = NULL, first_name = ?,
                                               birth_date = NULL, ine = NULL, login = ?, search_text = ?
                    WHERE account_id = ?""")
                    .params(AccountView.ERASED, AccountView.ERASED, AccountView.ERASED, ERASED_SEARCH_TEXT, id).update();
        }
    }

    /** The search text of an erased person's account: made of « [effacé] » alone, like its names and login. */
    static final String ERASED_SEARCH_TEXT = Folding.fold(String.join(" ", AccountView.ERASED, AccountView.ERASED, "",
            AccountView.ERASED));
}
