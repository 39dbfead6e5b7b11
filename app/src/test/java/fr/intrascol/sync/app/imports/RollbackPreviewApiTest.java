package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.app.support.Schools;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/imports/{id}/rollback-preview: what a rollback would do, the same decision, nothing changed. */
class RollbackPreviewApiTest extends IntegrationTest {

    @Test
    void the_preview_announces_what_the_rollback_then_does_and_changes_nothing() {
        String uai = registerSchool("École aperçu");
        Schools.importFixture(admin(), uai, "onde-2026/0170002K.csv");
        String year2 = Schools.importFixture(admin(), uai, "onde-2027/0170002K.csv").get("importId").asText();
        JsonNode plan = admin().get("/api/imports/" + year2).json();
        int changes = plan.get("changes").size();

        Api.Response clean = admin().get("/api/imports/" + year2 + "/rollback-preview");
        assertThat(clean.status()).as(clean.toString()).isEqualTo(200);
        assertThat(clean.json().get("compensated").asInt()).isEqualTo(changes);
        assertThat(clean.json().get("conflicts")).isEmpty();
        assertThat(clean.json().get("status").asText()).isEqualTo("APPLIED");
        assertThat(clean.json().get("force").asBoolean()).isFalse();

        String moved = null;
        for (JsonNode change : plan.get("changes")) {
            if (change.get("kind").asText().equals("MOVE")) {
                moved = change.get("accountId").asText();
                break;
            }
        }
        assertThat(moved).isNotNull();
        Api.Response edit = admin().patch("/api/accounts/" + moved, Map.of("classGroup", "Classe choisie à la main",
                "reason", "demande des parents"), Map.of());
        assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
        long revision = admin().get("/api/schools/" + uai + "/audit/verify").json().get("events").asLong();

        JsonNode preview = admin().get("/api/imports/" + year2 + "/rollback-preview").json();
        assertThat(preview.get("compensated").asInt()).isEqualTo(changes - 1);
        assertThat(preview.get("conflicts")).hasSize(1);
        assertThat(preview.get("conflicts").get(0).get("accountId").asText()).isEqualTo(moved);
        assertThat(preview.get("conflicts").get(0).get("change").asText()).isEqualTo("MOVE");
        assertThat(preview.get("conflicts").get(0).get("field").asText()).isEqualTo("classGroup");
        assertThat(preview.get("conflicts").get(0).get("message").asText()).endsWith("would be left as it is.");
        assertThat(preview.get("reverts").toString()).doesNotContain(moved);
        JsonNode forced = admin().get("/api/imports/" + year2 + "/rollback-preview?force=true").json();
        assertThat(forced.get("compensated").asInt()).isEqualTo(changes);
        assertThat(forced.get("conflicts")).hasSize(1);

        // a preview stores nothing
        assertThat(admin().get("/api/schools/" + uai + "/audit/verify").json().get("events").asLong())
                .isEqualTo(revision);
        assertThat(admin().get("/api/imports/" + year2).json().get("status").asText()).isEqualTo("APPLIED");

        // the rollback does what the preview said
        Api.Response rolledBack = admin().post("/api/imports/" + year2 + "/rollback", Map.of("reason", "erreur"));
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
        assertThat(rolledBack.json().get("compensated").asInt()).isEqualTo(preview.get("compensated").asInt());
        assertThat(rolledBack.json().get("conflicts").get(0).get("accountId").asText()).isEqualTo(moved);

        Api.Response again = admin().get("/api/imports/" + year2 + "/rollback-preview");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("already rolled back");
    }

    @Test
    void the_preview_is_refused_like_the_rollback() {
        String uai = registerSchool("École aperçu refusé");
        Api.Response planned = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                ImportsApiTest.fixture("onde-2026/0170001J.csv"));
        assertThat(planned.status()).isEqualTo(201);
        String id = planned.json().get("importId").asText();

        Api.Response notApplied = admin().get("/api/imports/" + id + "/rollback-preview");
        assertThat(notApplied.status()).isEqualTo(409);
        assertThat(notApplied.json().get("detail").asText()).contains("never applied");

        String inspector = createUser("INSPECTOR", uai);
        assertThat(user(inspector).get("/api/imports/" + id + "/rollback-preview").status()).isEqualTo(403);
        assertThat(admin().get("/api/imports/00000000-0000-0000-0000-000000000000/rollback-preview").status())
                .isEqualTo(404);
    }
}
