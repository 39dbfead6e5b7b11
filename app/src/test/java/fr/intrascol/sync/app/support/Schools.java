package fr.intrascol.sync.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.testsupport.Eventually;
import fr.intrascol.sync.testsupport.Fixtures;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps on a school through the HTTP API that several tests take. */
public final class Schools {

    private Schools() {
    }

    /** Uploads a fixture extraction, applies its plan (confirming what is asked), answers the import. */
    public static JsonNode importFixture(Api api, String uai, String fixture) {
        Api.Response upload = api.upload("/api/schools/" + uai + "/imports", "extraction.csv", Fixtures.be1d(fixture));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        String importId = upload.json().get("importId").asText();
        Api.Response applied = api.post("/api/imports/" + importId + "/apply", Map.of("confirmMassDeparture", true));
        assertThat(applied.status()).as(applied.toString()).isIn(200, 202);
        return applied.json();
    }

    /** Waits until the school's IntraScol server has every event of the school. */
    public static JsonNode awaitPushed(Api api, String uai) {
        Eventually.until("school " + uai + " pushed to its server", Duration.ofSeconds(30), () -> {
            JsonNode status = api.get("/api/schools/" + uai + "/target/status").json();
            return status.get("lag").asLong() == 0 && status.get("deadLetters").asLong() == 0;
        });
        return api.get("/api/schools/" + uai + "/target/status").json();
    }
}
