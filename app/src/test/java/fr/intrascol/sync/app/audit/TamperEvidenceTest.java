package fr.intrascol.sync.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each school's events form a hash chain; an event edited in the database is pinpointed. */
class TamperEvidenceTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private JsonNode verify(String uai) {
        Api.Response response = admin().get("/api/schools/" + uai + "/audit/verify");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    @Test
    void an_event_edited_directly_in_postgresql_is_pinpointed() {
        String uai = registerSchool("École scellée");
        createPupil(admin(), uai, "MARTIN", "Léa", "2018-02-02", "CE1");
        createPupil(admin(), uai, "PETIT", "Hugo", "2017-03-03", "CE2");
        JsonNode ok = verify(uai);
        assertThat(ok.get("status").asText()).isEqualTo("OK");
        assertThat(ok.get("events").asLong()).isEqualTo(3);
        assertThat(ok.get("headHash").asText()).hasSize(64);

        // someone "corrects" the class in the stored event of the first pupil (names are sealed there)
        int edited = jdbc.sql("""
                UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), 'CE1 A', 'CM2 A'), 'UTF8')
                WHERE aggregate_identifier = ? AND sequence_number = 1""").param(uai).update();
        assertThat(edited).isEqualTo(1);

        JsonNode broken = verify(uai);
        assertThat(broken.get("status").asText()).isEqualTo("BROKEN");
        assertThat(broken.get("firstMismatch").get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(broken.get("firstMismatch").get("type").asText()).isEqualTo("AccountCreated");
        assertThat(broken.get("firstMismatch").get("eventIdentifier").asText()).isNotBlank();
        assertThat(broken.get("events").asLong()).as("events verified before it").isEqualTo(1);
    }

    @Test
    void a_deleted_event_breaks_the_chain_too() {
        String uai = registerSchool("École trouée");
        createPupil(admin(), uai, "ROUX", "Inès", "2018-04-04", "CE1");
        createPupil(admin(), uai, "ROUX", "Adam", "2016-04-04", "CM1");
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 1").param(uai)
                .update();
        JsonNode broken = verify(uai);
        assertThat(broken.get("status").asText()).isEqualTo("BROKEN");
        assertThat(broken.get("firstMismatch").get("problem").asText()).contains("event 1 is missing");
    }

    @Test
    void the_chain_holds_over_an_import_written_in_one_batch_and_is_read_by_the_schools_readers_only() {
        String uai = registerSchool("École chaînée");
        Api.Response planned = admin().upload("/api/schools/" + uai + "/imports", "x.csv",
                Fixtures.be1d("onde-2026/0170001J.csv"));
        admin().post("/api/imports/" + planned.json().get("importId").asText() + "/apply", Map.of());
        JsonNode ok = verify(uai);
        assertThat(ok.get("status").asText()).isEqualTo("OK");
        assertThat(ok.get("events").asLong()).isGreaterThan(40);

        assertThat(user(createUser("INSPECTOR", uai)).get("/api/schools/" + uai + "/audit/verify").status())
                .isEqualTo(200);
        assertThat(user(createUser("DIRECTOR", registerSchool("Autre"))).get("/api/schools/" + uai + "/audit/verify")
                .status()).isEqualTo(403);
        assertThat(admin().get("/api/schools/" + newUai() + "/audit/verify").status()).isEqualTo(404);
    }
}
