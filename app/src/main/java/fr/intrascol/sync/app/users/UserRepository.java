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

/** The SQL of the application's users (tables {@code app_user} and {@code app_user_school}). */
@Repository
public class UserRepository {

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String SELECT = "SELECT username, password_hash, roles, enabled FROM app_user";

    public Optional<AppUser> find(String username) {
        return jdbc.sql(SELECT + " WHERE username = ?").param(username).query(this::user).optional();
    }

    public List<AppUser> findAll() {
        return jdbc.sql(SELECT + " ORDER BY username").query(this::user).list();
    }

    private AppUser user(ResultSet rs, int row) throws SQLException {
        return new AppUser(rs.getString(1), rs.getString(2), roles(rs.getString(3)), schools(rs.getString(1)),
                rs.getBoolean(4));
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single() == 0;
    }

    /** Inserts the user; false when the name is taken. */
    @Transactional
    public boolean insert(AppUser user, String createdBy) {
        int inserted = jdbc.sql("""
                INSERT INTO app_user (username, password_hash, roles, enabled, created_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (username) DO NOTHING""")
                .params(user.username(), user.passwordHash(),
                        user.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                        user.enabled(), createdBy)
                .update();
        if (inserted == 0) {
            return false;
        }
        replaceSchools(user);
        return true;
    }

    /** Replaces what a user may do (and their password when a new hash is given). */
    @Transactional
    public void update(AppUser user) {
        jdbc.sql("UPDATE app_user SET password_hash = ?, roles = ?, enabled = ? WHERE username = ?")
                .params(user.passwordHash(),
                        user.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                        user.enabled(), user.username())
                .update();
        replaceSchools(user);
    }

    private void replaceSchools(AppUser user) {
        jdbc.sql("DELETE FROM app_user_school WHERE username = ?").param(user.username()).update();
        for (String uai : user.schools()) {
            jdbc.sql("INSERT INTO app_user_school (username, uai) VALUES (?, ?)").params(user.username(), uai).update();
        }
    }

    private Set<String> schools(String username) {
        return new TreeSet<>(jdbc.sql("SELECT uai FROM app_user_school WHERE username = ?").param(username)
                .query(String.class).list());
    }

    private static Set<UserRole> roles(String roles) {
        return Arrays.stream(roles.split(",")).filter(r -> !r.isBlank()).map(UserRole::valueOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
