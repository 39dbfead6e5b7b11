package fr.intrascol.sync.app.users;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.value.InvalidValueException;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * API tokens for scripts ({@code Authorization: Bearer <token>} on {@code /api/**}): 256 random bits,
 * shown once, kept as their SHA-256 (a look-up, no BCrypt per call). A token authenticates as its user
 * while that user is enabled; look-ups are cached for {@link #CACHE_TTL} (emptied at once in this process
 * on any change of a user or a token) and the last use is written at most once a minute.
 */
@Component
public class ApiTokens {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);
    public static final String PREFIX = "isy_";
    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    private static final Duration LAST_USE_EVERY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final UserAdminAudit audit;
    private final UserRepository users;
    /** hash → the token's user (empty: no such token or user disabled), briefly. */
    private final Cache<String, Optional<Authenticated>> byHash = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL).maximumSize(10_000).build();
    /** token id → when its last use was written by this process. */
    private final Cache<String, Instant> lastUseWritten = Caffeine.newBuilder()
            .expireAfterWrite(LAST_USE_EVERY).maximumSize(10_000).build();

    public ApiTokens(JdbcClient jdbc, UserAdminAudit audit, UserRepository users) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.users = users;
    }

    /** A new token: its value is in this answer only. */
    public record IssuedToken(String tokenId, String token, String label, Instant createdAt) {
    }

    /** A token as listed: never its value. */
    public record TokenInfo(String tokenId, String label, Instant createdAt, String createdBy, Instant lastUsedAt) {
    }

    /** The user a bearer token authenticates, and which token it was. */
    public record Authenticated(String tokenId, AppUser user) {
    }

    @Transactional
    public IssuedToken issue(String username, String label) {
        String actor = SchoolAccess.currentUser().username();
        requireUser(username);
        if (label == null || label.isBlank() || label.strip().length() > 100) {
            throw new InvalidValueException("label", "Give the token a label of 1 to 100 characters (what uses it).");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String tokenId = UUID.randomUUID().toString();
        Instant createdAt = jdbc.sql("""
                INSERT INTO api_token (token_id, username, label, token_hash, created_by) VALUES (?, ?, ?, ?, ?)
                RETURNING created_at""")
                .params(tokenId, username, label.strip(), hash(token), actor)
                .query(java.sql.Timestamp.class).single().toInstant();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tokenId", tokenId);
        details.put("label", label.strip());
        audit.record(actor, UserAdminAudit.TOKEN_ISSUED, username, details);
        log.info("API token {} issued for {} by {}", tokenId, username, actor);
        return new IssuedToken(tokenId, token, label.strip(), createdAt);
    }

    public List<TokenInfo> list(String username) {
        requireUser(username);
        return jdbc.sql("""
                SELECT token_id, label, created_at, created_by, last_used_at FROM api_token
                WHERE username = ? ORDER BY created_at, token_id""")
                .param(username)
                .query((rs, row) -> new TokenInfo(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .list();
    }

    @Transactional
    public void revoke(String username, String tokenId) {
        String actor = SchoolAccess.currentUser().username();
        requireUser(username);
        String label = jdbc.sql("DELETE FROM api_token WHERE username = ? AND token_id = ? RETURNING label")
                .params(username, tokenId).query(String.class).optional()
                .orElseThrow(() -> new NotFoundException("User '" + username + "' has no token " + tokenId + "."));
        forgetAll();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tokenId", tokenId);
        details.put("label", label);
        audit.record(actor, UserAdminAudit.TOKEN_REVOKED, username, details);
        log.info("API token {} of {} revoked by {}", tokenId, username, actor);
    }

    /** The enabled user a token stands for, if any. */
    public Optional<Authenticated> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        Optional<Authenticated> found = byHash.get(hash(token), this::lookUp);
        found.ifPresent(this::recordUse);
        return found;
    }

    /** Forgets every cached look-up (a user or a token changed). */
    public void forgetAll() {
        byHash.invalidateAll();
    }

    private Optional<Authenticated> lookUp(String hash) {
        return jdbc.sql("SELECT token_id, username FROM api_token WHERE token_hash = ?").param(hash)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)}).optional()
                .flatMap(row -> users.find(row[1]).filter(AppUser::enabled)
                        .map(user -> new Authenticated(row[0], user.withoutPassword())));
    }

    private void recordUse(Authenticated authenticated) {
        String tokenId = authenticated.tokenId();
        if (lastUseWritten.getIfPresent(tokenId) != null) {
            return;
        }
        lastUseWritten.put(tokenId, Instant.now());
        jdbc.sql("""
                UPDATE api_token SET last_used_at = now()
                WHERE token_id = ? AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
                .param(tokenId).update();
    }

    private void requireUser(String username) {
        if (users.find(username).isEmpty()) {
            throw new NotFoundException("There is no user named '" + username + "'.");
        }
    }

    static String hash(String token) {
        return DigestUtils.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }
}
