package fr.intrascol.sync.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * The application's own settings ({@code intrascol.*} in application.properties, or
 * {@code --intrascol.x=y} on the command line, or {@code INTRASCOL_X} in the environment).
 *
 * @param dataDir   where the embedded PostgreSQL keeps its data (default {@code ./data})
 * @param embedded  settings of the embedded database, used when no {@code spring.datasource.url} is set
 * @param bootstrap the first administrator, created when no user exists
 */
@ConfigurationProperties("intrascol")
public record IntrascolProperties(Path dataDir, Embedded embedded, Bootstrap bootstrap) {

    public IntrascolProperties {
        dataDir = dataDir != null ? dataDir : Path.of("data");
        embedded = embedded != null ? embedded : new Embedded(true, 0, null);
        bootstrap = bootstrap != null ? bootstrap : new Bootstrap("admin", null);
    }

    /**
     * @param durable fsync and synchronous_commit on (never turn off outside tests)
     * @param port    0 picks a free port
     * @param server  PostgreSQL settings ({@code intrascol.embedded.server.shared_buffers=1GB}) over the
     *                embedded defaults of {@link fr.intrascol.sync.app.database.EmbeddedDatabase#SERVER_DEFAULTS}
     */
    public record Embedded(boolean durable, int port, java.util.Map<String, String> server) {
        public Embedded {
            server = server == null ? java.util.Map.of() : java.util.Map.copyOf(server);
        }
    }

    /**
     * @param adminUsername the first administrator's name
     * @param adminPassword its password; when unset a random one is generated and logged once
     */
    public record Bootstrap(String adminUsername, String adminPassword) {
    }
}
