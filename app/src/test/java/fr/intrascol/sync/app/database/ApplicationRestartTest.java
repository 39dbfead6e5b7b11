package fr.intrascol.sync.app.database;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.IntrascolSyncApplication;
import fr.intrascol.sync.app.support.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
/** Stop the application, start it again on the same data folder: everything is still there. */
class ApplicationRestartTest {

    private static final Pattern GENERATED = Pattern.compile("user 'admin', password '([^']+)'");

    private static ConfigurableApplicationContext start(String dataDir) {
        return new SpringApplicationBuilder(IntrascolSyncApplication.class).run(
                "--server.port=0", "--intrascol.data-dir=" + dataDir, "--intrascol.embedded.durable=true");
    }

    private static Api api(ConfigurableApplicationContext context, String password) {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        return Api.at(port, "admin", password);
    }

    @Test
    void accounts_history_and_users_survive_a_restart_and_the_school_keeps_deciding(CapturedOutput output) {
        String dataDir = "target/restart-" + UUID.randomUUID();
        String accountId;
        String password;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Matcher generated = GENERATED.matcher(output.getOut());
            assertThat(generated.find()).as("the first administrator's password is printed once").isTrue();
            password = generated.group(1);
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            Api api = api(first, password);
            assertThat(api.post("/api/schools", Map.of("uai", "0170001J", "name", "École Jules Ferry")).status())
                    .isEqualTo(201);
            Api.Response created = api.post("/api/schools/0170001J/accounts", Map.of("role", "PUPIL",
                    "lastName", "N'DIAYE", "firstName", "Aïssata", "birthDate", "2018-02-02", "level", "CE1"));
            assertThat(created.status()).isEqualTo(201);
            accountId = created.json().get("accountId").asText();
            assertThat(api.patch("/api/accounts/" + accountId, Map.of("classGroup", "CE1 B", "reason", "répartition"),
                    Map.of()).status()).isEqualTo(200);
        }
        int printedBefore = output.getOut().split("First administrator created", -1).length;
        try (ConfigurableApplicationContext second = start(dataDir)) {
            assertThat(output.getOut().split("First administrator created", -1).length)
                    .as("no second administrator on restart").isEqualTo(printedBefore);
            Api api = api(second, password);
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
