package fr.intrascol.sync.query.intrascol;

import fr.intrascol.sync.query.config.QuerySideProperties;
import fr.intrascol.sync.query.intrascol.file.UsersFileTarget;
import fr.intrascol.sync.query.intrascol.ldap.LdapDirectoryTarget;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open targets of this process, one per school, kept while their configuration is unchanged (an
 * LDAP target keeps its connection while it is used; {@link #closeIdle()} closes those left unused). A target saved again, here or by another process, is seen
 * by its new {@code updated_at} and reopened.
 */
@Component
public class DirectoryTargets implements AutoCloseable {

    private record Open(Instant version, DirectoryTarget target) {
    }

    private final TargetRepository repository;
    private final Duration timeout;
    private final ConcurrentHashMap<String, Open> open = new ConcurrentHashMap<>();

    public DirectoryTargets(TargetRepository repository,
                            QuerySideProperties properties) {
        Duration timeout = properties.projector().ldapTimeout();
        this.repository = repository;
        this.timeout = timeout;
    }

    /** The school's target, or empty when none is configured. */
    public Optional<DirectoryTarget> forSchool(String uai) {
        Optional<TargetRepository.Versioned> stored = repository.find(uai);
        if (stored.isEmpty()) {
            Open gone = open.remove(uai);
            if (gone != null) {
                gone.target().close();
            }
            return Optional.empty();
        }
        Open current = open.compute(uai, (key, existing) -> {
            if (existing != null && existing.version().equals(stored.get().updatedAt())) {
                return existing;
            }
            if (existing != null) {
                existing.target().close();
            }
            return new Open(stored.get().updatedAt(), create(uai, stored.get().settings()));
        });
        return Optional.of(current.target());
    }

    /** A target for these settings, not cached: to test a configuration before saving it. */
    public DirectoryTarget create(String uai, TargetSettings settings) {
        return settings.type() == TargetSettings.Type.FILE
                ? new UsersFileTarget(Path.of(settings.directory()), uai)
                : new LdapDirectoryTarget(settings, timeout);
    }

    /** Closes the connections of targets left unused (run every minute by the application's timers). */
    public void closeIdle() {
        open.values().forEach(o -> o.target().closeIfIdle());
    }

    @Override
    public void close() {
        open.values().forEach(o -> o.target().close());
        open.clear();
    }
}
