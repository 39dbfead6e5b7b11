package fr.intrascol.sync.query.accounts;

import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.SchoolView;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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

    public AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insertSchool(String uai, String name, int loginMaxLength, Instant at) {
        jdbc.sql("""
                INSERT INTO school (uai, name, login_max_length, registered_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (uai) DO NOTHING""")
                .params(uai, name, loginMaxLength, Timestamp.from(at)).update();
    }

    public void insertAccount(AccountView a, long eventIndex, Instant at) {
        jdbc.sql("""
                INSERT INTO account (account_id, uai, role, last_name, usage_name, first_name, birth_date, ine,
                                     login, class_group, level, status, version, last_event, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (account_id) DO NOTHING""")
                .params(UUID.fromString(a.accountId()), a.uai(), a.role(), a.lastName(), a.usageName(),
                        a.firstName(), date(a.birthDate()), a.ine(), a.login(), a.classGroup(), a.level(),
                        a.status(), a.version(), eventIndex, Timestamp.from(at), Timestamp.from(at))
                .update();
        openVersion(a.accountId(), at);
    }

    public void updateNames(String accountId, String lastName, String usageName, String firstName,
                            long eventIndex, Instant at) {
        update("last_name = ?, usage_name = ?, first_name = ?", accountId, eventIndex, at,
                lastName, usageName, firstName);
    }

    public void updatePlacement(String accountId, String classGroup, String level, long eventIndex, Instant at) {
        update("class_group = ?, level = ?", accountId, eventIndex, at, classGroup, level);
    }

    public void updateStatus(String accountId, String status, long eventIndex, Instant at) {
        update("status = ?", accountId, eventIndex, at, status);
    }

    public void touch(String accountId, long eventIndex, Instant at) {
        update(null, accountId, eventIndex, at);
    }

    /**
     * Applies one event to an account, once: an event at or before the last one applied (a re-delivery
     * after a crash or a claim taken over by another node) changes nothing.
     */
    private void update(String assignments, String accountId, long eventIndex, Instant at, Object... values) {
        List<Object> params = new ArrayList<>(Arrays.asList(values));
        params.add(eventIndex);
        params.add(Timestamp.from(at));
        params.add(UUID.fromString(accountId));
        params.add(eventIndex);
        int updated = jdbc.sql("UPDATE account SET " + (assignments == null ? "" : assignments + ", ")
                        + "version = version + 1, last_event = ?, updated_at = ? WHERE account_id = ? AND last_event < ?")
                .params(params).update();
        if (updated > 0) {
            jdbc.sql("UPDATE account_version SET valid_to = ? WHERE account_id = ? AND valid_to IS NULL")
                    .params(Timestamp.from(at), UUID.fromString(accountId)).update();
            openVersion(accountId, at);
        }
    }

    /** Copies the account's current state as a new version, valid from {@code at}. */
    private void openVersion(String accountId, Instant at) {
        jdbc.sql("""
                INSERT INTO account_version (account_id, uai, role, last_name, usage_name, first_name, birth_date, ine,
                                             login, class_group, level, status, version, valid_from)
                SELECT account_id, uai, role, last_name, usage_name, first_name, birth_date, ine, login, class_group,
                       level, status, version, ? FROM account WHERE account_id = ?
                ON CONFLICT (account_id, version) DO NOTHING""")
                .params(Timestamp.from(at), UUID.fromString(accountId)).update();
    }

    /** The accounts of a school as they were at {@code at} (closed ones left out). */
    public List<AccountView> findAccountsAsOf(String uai, Instant at) {
        return jdbc.sql("""
                SELECT * FROM account_version
                WHERE uai = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) AND status <> 'ERASED'
                ORDER BY role, class_group NULLS LAST, last_name, first_name, login""")
                .params(uai, Timestamp.from(at), Timestamp.from(at)).query(ACCOUNT).list();
    }

    public void deleteAll() {
        jdbc.sql("DELETE FROM account_version").update();
        jdbc.sql("DELETE FROM account").update();
        jdbc.sql("DELETE FROM school").update();
    }

    public Optional<SchoolView> findSchool(String uai) {
        return jdbc.sql(SCHOOL_SELECT + " WHERE s.uai = ?").param(uai).query(SCHOOL).optional();
    }

    public List<SchoolView> findSchools() {
        return jdbc.sql(SCHOOL_SELECT + " ORDER BY s.uai").query(SCHOOL).list();
    }

    public List<AccountView> findAccounts(String uai, boolean includeErased) {
        return jdbc.sql("SELECT * FROM account WHERE uai = ?" + (includeErased ? "" : " AND status <> 'ERASED'")
                        + " ORDER BY role, class_group NULLS LAST, last_name, first_name, login")
                .param(uai).query(ACCOUNT).list();
    }

    public Optional<AccountView> findAccount(String accountId) {
        return jdbc.sql("SELECT * FROM account WHERE account_id = ?")
                .param(UUID.fromString(accountId)).query(ACCOUNT).optional();
    }

    private static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }
}
