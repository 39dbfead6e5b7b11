package fr.intrascol.sync.app.imports;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.command.login.LoginPolicy;
import fr.intrascol.sync.testsupport.ExtractionGenerator;
import fr.intrascol.sync.testsupport.ExtractionGenerator.GeneratedPupil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Larger rosters from the project's own generator, two school years each, through the HTTP API: the
 * accounts end as the second year's extraction says, with no pupil merged or duplicated.
 */
class GeneratedRostersTest extends IntegrationTest {

    private JsonNode upload(String uai, byte[] file) {
        Api.Response response = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv", file);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private void applyConfirmingRenames(JsonNode plan) {
        List<Integer> renames = new ArrayList<>();
        plan.get("probableRenames").forEach(r -> renames.add(r.get("line").asInt()));
        Api.Response applied = admin().post("/api/imports/" + plan.get("importId").asText() + "/apply",
                Map.of("confirmRenames", renames));
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    }

    /** Identity as the register gives it: INE when there is one, else folded names and birth date. */
    private static String key(String ine, String last, String first, String birth) {
        return ine != null ? ine : LoginPolicy.fold(last) + "|" + LoginPolicy.fold(first) + "|" + birth;
    }

    @ParameterizedTest(name = "{0} pupils, seed {1}, {2}")
    @CsvSource({"180, 11, ONDE, WINDOWS_1252", "140, 12, BASE_ELEVES, WINDOWS_1252", "120, 13, ONDE, UTF_8_BOM"})
    void two_generated_years_end_with_the_second_years_pupils(int size, long seed, ExtractionGenerator.Style style,
                                                               ExtractionGenerator.Encoding encoding) {
        String uai = registerSchool("École générée " + seed);
        ExtractionGenerator generator = new ExtractionGenerator(seed);
        List<GeneratedPupil> year1 = generator.firstYear(size, 2026);
        JsonNode first = upload(uai, ExtractionGenerator.write(year1, style, encoding));
        assertThat(first.get("problems")).isEmpty();
        assertThat(first.get("summary").get("arrivals").asInt()).isEqualTo(year1.size());
        applyConfirmingRenames(first);

        List<GeneratedPupil> year2 = generator.nextYear(year1, 2027);
        JsonNode second = upload(uai, ExtractionGenerator.write(year2, style, encoding));
        assertThat(second.get("problems")).isEmpty();
        applyConfirmingRenames(second);

        JsonNode accounts = admin().get("/api/schools/" + uai + "/accounts").json();
        Map<String, JsonNode> active = new HashMap<>();
        Set<String> logins = new HashSet<>();
        for (JsonNode account : accounts) {
            assertThat(logins.add(account.get("login").asText())).as("unique login").isTrue();
            if (account.get("status").asText().equals("ACTIVE")) {
                String ine = style == ExtractionGenerator.Style.ONDE ? account.get("ine").asText() : null;
                JsonNode previous = active.put(key(ine, account.get("lastName").asText(),
                        account.get("firstName").asText(), account.get("birthDate").asText()), account);
                assertThat(previous).as("one account per pupil").isNull();
            }
        }
        assertThat(active).hasSize(year2.size());
        for (GeneratedPupil pupil : year2) {
            String ine = style == ExtractionGenerator.Style.ONDE ? pupil.ine() : null;
            JsonNode account = active.get(key(ine, pupil.lastName(), pupil.firstName(), pupil.birthDate().toString()));
            assertThat(account).as(pupil.toString()).isNotNull();
            assertThat(account.get("level").asText()).isEqualTo(pupil.level().name());
            assertThat(account.get("classGroup").asText()).isEqualTo(pupil.schoolClass().label(style));
        }

        Api.Response again = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                ExtractionGenerator.write(year2, style, encoding));
        assertThat(again.status()).as("the same file again: nothing to change " + again).isEqualTo(200);
        assertThat(again.json().get("alreadyApplied").asBoolean()).isTrue();
    }
}
