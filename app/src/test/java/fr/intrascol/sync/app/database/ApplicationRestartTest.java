package fr.intrascol.sync.app.database;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.IntrascolSyncApplication;
import fr.intrascol.sync.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Stop the application, start it again on the same data folder: everything is still there. */
class ApplicationRestartTest {

    private static ConfigurableApplicationContext start(String dataDir) {
        return new SpringApplicationBuilder(IntrascolSyncApplication.class).run(
                "--server.port=0", "--intrascol.data-dir=" + dataDir, "--intrascol.embedded.durable=true",
                "--intrascol.bootstrap.admin-password=restart-admin-pw");
    }

    private static Api api(ConfigurableApplicationContext context) {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        return Api.at(port, "admin", "restart-admin-pw");
    }

    @Test
    void accounts_history_and_users_survive_a_restart_and_the_school_keeps_deciding() {
        String dataDir = "target/restart-" + UUID.randomUUID();
        String accountId;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Api api = api(first);
            assertThat(api.post("/api/schools", Map.of("uai", "0170001J", "name", "École Jules Ferry")).status())
                    .isEqualTo(201);
            Api.Response created = api.post("/api/schools/0170001J/accounts", Map.of("role", "PUPIL",
                    "lastName", "N'DIAYE", "firstName", "Aïssata", "birthDate", "2018-02-02", "level", "CE1"));
            assertThat(created.status()).isEqualTo(201);
            accountId = created.json().get("accountId").asText();
            assertThat(api.patch("/api/accounts/" + accountId, Map.of("classGroup", "CE1 B", "reason", "répartition"),
                    Map.of()).status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            Api api = api(second);
            JsonNode accounts = api.get("/api/schools/0170001J/accounts").json();
            assertThat(accounts).hasSize(1);
            assertThat(accounts.get(0).get("lastName").asText()).isEqualTo("N'DIAYE");
            assertThat(accounts.get(0).get("classGroup").asText()).isEqualTo("CE1 B");
            assertThat(api.get("/api/accounts/" + accountId + "/history").json()).hasSize(2);
            Api.Response again = api.post("/api/schools/0170001J/accounts", Map.of("role", "PUPIL",
                    "lastName", "N'Diaye", "firstName", "Aissata", "birthDate", "2018-02-02", "level", "CE1"));
            assertThat(again.status()).as("the school still knows its pupils").isEqualTo(409);
        }
    }
}
