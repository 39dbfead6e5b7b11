package fr.intrascol.sync.app.users;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The SQL of the application's users (tables {@code app_user} and {@code app_user_school}). A user and
 * their schools are read in one query on one connection: reading the schools through a second pooled
 * connection while holding the first let ~50 concurrent sign-ins exhaust the pool (security review).
 */
@Repository
public class UserRepository {

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static final String SELECT = """
            SELECT u.username, u.password_hash, u.roles, u.enabled, u.security_version, u.must_change_password,
                   COALESCE((SELECT string_agg(s.uai, ',' ORDER BY s.uai) FROM app_user_school s
                             WHERE s.username = u.username), '') AS schools
            FROM app_user u""";

    public Optional<AppUser> find(String username) {
        return jdbc.sql(SELECT + " WHERE u.username = ?").param(username).query(UserRepository::user).optional();
    }

    public List<AppUser> findAll() {
        return jdbc.sql(SELECT + " ORDER BY u.username").query(UserRepository::user).list();
    }

    /** What a session compares on each request: the user's security version, or empty when gone or disabled. */
    public Optional<Long> activeSecurityVersion(String username) {
        return jdbc.sql("SELECT security_version FROM app_user WHERE username = ? AND enabled")
                .param(username).query(Long.class).optional();
    }

    static AppUser user(ResultSet rs, int row) throws SQLException {
        Set<String> schools = Arrays.stream(rs.getString("schools").split(",")).filter(s -> !s.isBlank())
                .collect(Collectors.toCollection(TreeSet::new));
        return new AppUser(rs.getString("username"), rs.getString("password_hash"), roles(rs.getString("roles")),
                schools, rs.getBoolean("enabled"), rs.getLong("security_version"),
                rs.getBoolean("must_change_password"));
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single() == 0;
    }

    /** Inserts the user; false when the name is taken. */
    @Transactional
    public boolean insert(AppUser user, String createdBy) {
        int inserted = jdbc.sql("""
                INSERT INTO app_user (username, password_hash, roles, enabled, created_by, must_change_password)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (username) DO NOTHING""")
                .params(user.username(), user.passwordHash(),
                        user.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                        user.enabled(), createdBy, user.mustChangePassword())
                .update();
        if (inserted == 0) {
            return false;
        }
        replaceSchools(user);
        return true;
    }

    /**
     * Replaces what a user may do, their password hash and whether they must change it, and bumps their
     * security version (their open sessions end). Returns the new version.
     */
    @Transactional
    public long update(AppUser user) {
        long version = jdbc.sql("""
                UPDATE app_user SET password_hash = ?, roles = ?, enabled = ?, must_change_password = ?,
                       security_version = security_version + 1
                WHERE username = ? RETURNING security_version""")
                .params(user.passwordHash(),
                        user.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                        user.enabled(), user.mustChangePassword(), user.username())
                .query(Long.class).single();
        replaceSchools(user);
        return version;
    }

    private void replaceSchools(AppUser user) {
        jdbc.sql("DELETE FROM app_user_school WHERE username = ?").param(user.username()).update();
        for (String uai : user.schools()) {
            jdbc.sql("INSERT INTO app_user_school (username, uai) VALUES (?, ?)").params(user.username(), uai).update();
        }
    }

    static Set<UserRole> roles(String roles) {
        return Arrays.stream(roles.split(",")).filter(r -> !r.isBlank()).map(UserRole::valueOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
