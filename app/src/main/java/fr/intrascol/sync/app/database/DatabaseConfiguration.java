package fr.intrascol.sync.app.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import fr.intrascol.sync.app.IntrascolProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The one DataSource: an external PostgreSQL when {@code spring.datasource.url} (or
 * {@code INTRASCOL_DB_URL}) is set, otherwise the embedded one under {@code intrascol.data-dir}.
 * Declared here rather than left to Boot because Axon's JDBC auto-configuration runs before Boot 4's
 * DataSource auto-configuration (STACK-NOTES, pitfall 2).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    public DatabaseHandle databaseHandle(Environment env, IntrascolProperties properties) {
        String url = env.getProperty("spring.datasource.url");
        if (StringUtils.hasText(url)) {
            log.info("Using the external PostgreSQL at {}", url.replaceAll("password=[^&]*", "password=***"));
            return new DatabaseHandle(null, url, env.getProperty("spring.datasource.username"),
                    env.getProperty("spring.datasource.password"));
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(properties.dataDir(), properties.embedded().durable(),
                properties.embedded().port(), properties.embedded().server());
        return new DatabaseHandle(embedded, embedded.jdbcUrl(), EmbeddedDatabase.SUPERUSER, embedded.password());
    }

    @Bean(destroyMethod = "close")
    public DataSource dataSource(DatabaseHandle database, IntrascolProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("intrascol");
        config.setJdbcUrl(database.url());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(properties.db().poolSize());
        // a request that finds no free connection within this is answered 503 with Retry-After (web.Busy)
        config.setConnectionTimeout(properties.db().connectionTimeout().toMillis());
        // bytea payloads travel in binary once statements are prepared on the server
        config.addDataSourceProperty("prepareThreshold", "1");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // keep row values (names, payloads) out of exception messages, hence out of the logs
        config.addDataSourceProperty("logServerErrorDetail", "false");
        return new HikariDataSource(config);
    }

    /** Where the database is, and the embedded server to stop on shutdown when there is one. */
    public record DatabaseHandle(EmbeddedDatabase embedded, String url, String username, String password)
            implements AutoCloseable {

        @Override
        public void close() throws Exception {
            if (embedded != null) {
                embedded.close();
            }
        }

        @Override
        public String toString() {
            return "DatabaseHandle[url=" + url + ", embedded=" + (embedded != null) + "]";
        }
    }
}
