package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every history report URL of the API with a parameter missing or garbled: a 400 problem, never a 500. */
class ReportLinksApiTest extends IntegrationTest {

    @Test
    void a_missing_or_garbled_parameter_is_a_400_problem_naming_it() {
        String uai = registerSchool("École des Liens de l'API");
        String one = "/api/schools/" + uai + "/reports/history";
        String several = "/api/reports/history?schools=" + uai + "&";
        List<String> bad = List.of(one, one + "?from=2026-09-01", one + "?to=2026-10-01",
                one + "?from=&to=2026-10-01", one + "?from=01/09/2026&to=2026-10-01",
                one + "?from=2026-09-01&to=2026-02-30",
                one + "?from=2026-09-01&to=2026-10-01&format=xlsx", one + "?from=2099-01-01&to=2099-02-01",
                several + "from=2026-09-01", several + "to=2026-10-01", several + "from=x&to=y",
                "/api/reports/history?schools=nimporte&from=2026-09-01&to=2026-10-01",
                "/api/reports/history?from=2026-09-01&to=2026-10-01",
                "/api/schools/nimporte/reports/history?from=2026-09-01&to=2026-10-01");
        for (String link : bad) {
            Api.Response response = admin().get(link);
            assertThat(response.status()).as(link + ": " + response).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(link).startsWith("application/problem+json");
            assertThat(response.json().get("detail").asText()).as(link).isNotBlank();
        }
        assertThat(admin().get(one + "?from=2026-09-01&to=2026-10-01&format=CSV").status()).isEqualTo(200);
    }
}
