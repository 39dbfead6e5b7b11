package fr.intrascol.sync.app.database;

import fr.intrascol.sync.app.IntrascolSyncApplication;
import fr.intrascol.sync.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.datasource.url} set, the application uses that PostgreSQL and starts none of its
 * own. The "external" server here is a separate PostgreSQL process started beforehand.
 */
class ExternalDatabaseTest {

    @Test
    void a_configured_url_switches_to_an_external_postgresql_with_no_code_change() throws Exception {
        Path serverDir = Path.of("target", "external-" + UUID.randomUUID());
        Path appDataDir = Path.of("target", "unused-" + UUID.randomUUID());
        try (EmbeddedDatabase external = EmbeddedDatabase.start(serverDir, false, 0)) {
            String url = "jdbc:postgresql://127.0.0.1:" + external.port() + "/" + EmbeddedDatabase.DATABASE;
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(IntrascolSyncApplication.class).run(
                    "--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                    "--spring.datasource.password=" + external.password(),
                    "--intrascol.data-dir=" + appDataDir, "--intrascol.bootstrap.admin-password=external-admin")) {
                int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
                Api api = Api.at(port, "admin", "external-admin");
                assertThat(api.post("/api/schools", Map.of("uai", "0170002K", "name", "École externe")).status())
                        .isEqualTo(201);
            }
            assertThat(appDataDir.resolve("postgres")).as("no embedded server was started").doesNotExist();
            try (Connection connection = DriverManager.getConnection(url, "postgres", external.password());
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(
                         "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '0170002K'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }
}
