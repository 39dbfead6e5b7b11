package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unchanged re-run: a file uploaded again, byte for byte the one of the school's last applied import,
 * with nothing changed since, answers at once that there is nothing to change, and records nothing; any
 * change in between, or another file, is planned as usual.
 */
class IdenticalFileApiTest extends IntegrationTest {

    private static final String[] ROWS = {
            "ARNAUD;;Lina;03/04/2019;F;111111111AA;CP;CP A",
            "BLANC;;Noé;12/09/2019;M;222222222BB;CP;CP A",
            "CARON;;Inès;22/01/2018;F;333333333CC;CE1;CE1 B"};

    private static byte[] file(String... rows) {
        StringBuilder file = new StringBuilder(ONDE_HEADER);
        for (String row : rows) {
            file.append(row).append("\r\n");
        }
        return file.toString().getBytes(Charset.forName("windows-1252"));
    }

    private Api.Response upload(String uai, byte[] content) {
        return admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv", content);
    }

    private int imports(String uai) {
        return admin().get("/api/schools/" + uai + "/imports").json().size();
    }

    @Test
    void the_file_of_the_last_applied_import_uploaded_again_answers_nothing_to_change_and_records_nothing() {
        String uai = registerSchool("École du Re-run");
        Api.Response first = upload(uai, file(ROWS));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("alreadyApplied").asBoolean()).isFalse();
        String importId = first.json().get("importId").asText();
        assertThat(admin().post("/api/imports/" + importId + "/apply", Map.of()).status()).isEqualTo(200);

        Api.Response again = upload(uai, file(ROWS));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        JsonNode body = again.json();
        assertThat(body.get("alreadyApplied").asBoolean()).isTrue();
        assertThat(body.get("importId").asText()).isEqualTo(importId);
        assertThat(body.get("status").asText()).isEqualTo("APPLIED");
        assertThat(body.get("sha256").asText()).isEqualTo(first.json().get("sha256").asText());
        assertThat(again.header("Location")).isEqualTo("/api/imports/" + importId);
        assertThat(imports(uai)).as("nothing recorded").isEqualTo(1);

        // another file is planned as usual
        Api.Response other = upload(uai, file(ROWS[0], ROWS[1]));
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().get("alreadyApplied").asBoolean()).isFalse();
        assertThat(other.json().at("/summary/departures").asInt()).isEqualTo(1);
        // a plan left waiting changes no account: the identical file is still recognised
        assertThat(upload(uai, file(ROWS)).json().get("alreadyApplied").asBoolean()).isTrue();

        // a pupil moved by hand: planning the same file again shows that line (it would move her back), so it
        // is planned
        JsonNode lina = admin().get("/api/schools/" + uai + "/accounts").json().findParents("firstName").stream()
                .filter(a -> a.get("firstName").asText().equals("Lina")).findFirst().orElseThrow();
        Api.Response moved = admin().patch("/api/accounts/" + lina.get("accountId").asText(),
                Map.of("classGroup", "CP B"), Map.of());
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        Api.Response afterChange = upload(uai, file(ROWS));
        assertThat(afterChange.status()).as(afterChange.toString()).isEqualTo(201);
        assertThat(afterChange.json().get("alreadyApplied").asBoolean()).isFalse();
        assertThat(afterChange.json().get("status").asText()).isEqualTo("PLANNED");
        assertThat(afterChange.json().get("changes")).hasSize(1);
        assertThat(afterChange.json().at("/changes/0/revertsManualChange").asBoolean()).isTrue();
    }

    @Test
    void an_import_applied_with_lines_left_out_is_planned_again() {
        String uai = registerSchool("École des Lignes");
        byte[] content = file(ROWS[0], "DURAND;;Léo;31/02/2019;M;444444444DD;CP;CP A");
        Api.Response first = upload(uai, content);
        assertThat(first.status()).isEqualTo(201);
        String importId = first.json().get("importId").asText();
        Api.Response applied = admin().post("/api/imports/" + importId + "/apply",
                Map.of("excludeLines", java.util.List.of(3)));
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);

        Api.Response again = upload(uai, content);
        assertThat(again.status()).as("the left-out line still waits to be corrected").isEqualTo(201);
        assertThat(again.json().get("alreadyApplied").asBoolean()).isFalse();
    }
}
