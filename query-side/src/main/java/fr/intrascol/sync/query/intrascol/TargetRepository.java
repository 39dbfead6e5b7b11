package fr.intrascol.sync.query.intrascol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.intrascol.sync.query.intrascol.ldap.LdapMapping;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The targets' configuration (table {@code school_target}). The bind password goes in and comes out
 * through {@link SecretCipher} only; {@link #view} never carries it.
 */
@Repository
public class TargetRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    public TargetRepository(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** What the API shows of a target: everything but the password, and whether one is set. */
    public record TargetView(String uai, TargetSettings.Type type, String url, String bindDn, boolean passwordSet,
                             String baseDn, boolean startTls, boolean caCertificateSet, String directory,
                             LdapMapping mapping, Instant updatedAt, String updatedBy) {
    }

    /**
     * Saves a school's target. A null password keeps the one stored (the API never shows it back, so a
     * form saved without retyping it must not erase it).
     */
    public void save(String uai, TargetSettings settings, String actor, Instant at) {
        byte[] password = settings.password() == null ? null : cipher.encrypt(settings.password());
        jdbc.sql("""
                INSERT INTO school_target (uai, type, url, bind_dn, password_cipher, base_dn, start_tls, ca_certificate,
                                           directory, mapping, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)
                ON CONFLICT (uai) DO UPDATE SET type = excluded.type, url = excluded.url, bind_dn = excluded.bind_dn,
                    password_cipher = COALESCE(excluded.password_cipher, school_target.password_cipher),
                    base_dn = excluded.base_dn, start_tls = excluded.start_tls,
                    ca_certificate = excluded.ca_certificate, directory = excluded.directory,
                    mapping = excluded.mapping, updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
                .params(uai, settings.type().name(), settings.url(), settings.bindDn(), password, settings.baseDn(),
                        settings.startTls(), settings.caCertificate(), settings.directory(), write(settings.mapping()),
                        Timestamp.from(at), actor)
                .update();
    }

    public boolean delete(String uai) {
        return jdbc.sql("DELETE FROM school_target WHERE uai = ?").param(uai).update() > 0;
    }

    /** The settings to connect with, the password decrypted; empty when the school has no target. */
    public Optional<Versioned> find(String uai) {
        return jdbc.sql("SELECT * FROM school_target WHERE uai = ?").param(uai)
                .query((rs, n) -> new Versioned(settings(rs), rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    /** Settings and the time they were last saved, which tells a cached connection it is out of date. */
    public record Versioned(TargetSettings settings, Instant updatedAt) {
    }

    public Optional<TargetView> view(String uai) {
        return jdbc.sql("SELECT * FROM school_target WHERE uai = ?").param(uai).query(TargetRepository::view)
                .optional();
    }

    /** The stored CA certificate(s), PEM (public, not a secret: a form shows it back); empty when none. */
    public Optional<String> caCertificate(String uai) {
        return jdbc.sql("SELECT ca_certificate FROM school_target WHERE uai = ? AND ca_certificate IS NOT NULL")
                .param(uai).query(String.class).optional();
    }

    public List<String> schoolsWithTarget() {
        return jdbc.sql("SELECT uai FROM school_target ORDER BY uai").query(String.class).list();
    }

    private TargetSettings settings(ResultSet rs) throws SQLException {
        byte[] stored = rs.getBytes("password_cipher");
        String password;
        try {
            password = stored == null ? null : cipher.decrypt(stored);
        } catch (IllegalStateException e) {
            throw new TargetRefusedException("The bind password of school " + rs.getString("uai") + "'s server cannot"
                    + " be decrypted with this installation's secrets key (was the key changed or lost?): set the"
                    + " password again with PUT /api/schools/" + rs.getString("uai") + "/target", e);
        }
        return new TargetSettings(TargetSettings.Type.valueOf(rs.getString("type")), rs.getString("url"),
                rs.getString("bind_dn"), password, rs.getString("base_dn"),
                rs.getBoolean("start_tls"), rs.getString("ca_certificate"), rs.getString("directory"),
                read(rs.getString("mapping")));
    }

    private static TargetView view(ResultSet rs, int n) throws SQLException {
        return new TargetView(rs.getString("uai"), TargetSettings.Type.valueOf(rs.getString("type")),
                rs.getString("url"), rs.getString("bind_dn"), rs.getBytes("password_cipher") != null,
                rs.getString("base_dn"), rs.getBoolean("start_tls"), rs.getString("ca_certificate") != null,
                rs.getString("directory"), read(rs.getString("mapping")), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("updated_by"));
    }

    private static String write(LdapMapping mapping) {
        try {
            return JSON.writeValueAsString(mapping);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LdapMapping read(String json) {
        try {
            return JSON.readValue(json, LdapMapping.class).withDefaults();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored target mapping is not readable", e);
        }
    }
}
