package fr.intrascol.sync.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import fr.intrascol.sync.app.IntrascolSyncApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on a random port, on a real (embedded) PostgreSQL in target/, shared by every
 * test class that extends this one (one Spring context). Tests use their own schools, so they do not
 * see each other's data.
 */
@SpringBootTest(classes = IntrascolSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "intrascol.data-dir=target/it-data/${random.uuid}",
                "intrascol.embedded.durable=false",
                "intrascol.bootstrap.admin-username=admin",
                "intrascol.bootstrap.admin-password=" + IntegrationTest.ADMIN_PASSWORD,
                "intrascol.snapshot.threshold=20",
                "intrascol.projector.dead-letter-retry-interval=1s",
                "intrascol.projector.dead-letter-max-pause=2s"
        })
public abstract class IntegrationTest {

    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String PASSWORD = "a-long-enough-password";

    /** Valid UAIs not used by the fixtures, handed out one per call so tests never share a school. */
    private static final AtomicInteger NEXT_SCHOOL = new AtomicInteger(900000);

    @LocalServerPort
    protected int port;

    protected Api admin() {
        return Api.at(port, "admin", ADMIN_PASSWORD);
    }

    protected Api anonymous() {
        return Api.anonymous(port);
    }

    protected Api user(String username) {
        return Api.at(port, username, PASSWORD);
    }

    public static String newUai() {
        int number = NEXT_SCHOOL.incrementAndGet();
        return String.format("%07d%c", number, "ABCDEFGHJKLMNPRSTUVWXYZ".charAt(number % 23));
    }

    protected String registerSchool(String name) {
        String uai = newUai();
        Api.Response response = admin().post("/api/schools", Map.of("uai", uai, "name", name));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return uai;
    }

    protected String createUser(String role, String... schools) {
        String username = role.toLowerCase() + "-" + newUai().toLowerCase();
        // a user the tests sign in as: created without the change of password at first sign-in
        Api.Response response = admin().post("/api/users", Map.of("username", username, "password", PASSWORD,
                "roles", List.of(role), "schools", List.of(schools), "mustChangePassword", false));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return username;
    }

    protected JsonNode createPupil(Api api, String uai, String lastName, String firstName, String birthDate,
                                   String level) {
        Map<String, Object> body = new HashMap<>();
        body.put("role", "PUPIL");
        body.put("lastName", lastName);
        body.put("firstName", firstName);
        body.put("birthDate", birthDate);
        body.put("classGroup", level + " A");
        body.put("level", level);
        body.put("reason", "arrivée en cours d'année");
        Api.Response response = api.post("/api/schools/" + uai + "/accounts", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    /** The header of an ONDE extraction as the pages and the API receive it (Windows-1252, ';'). */
    protected static final String ONDE_HEADER = "Nom élève;Nom d'usage élève;Prénom élève;Date naissance;Sexe;INE;"
            + "Niveau;Libellé classe\r\n";

    /** Uploads an ONDE extraction of {@code rows} (after {@link #ONDE_HEADER}) to the school and applies it. */
    protected String importPupils(String uai, String... rows) {
        StringBuilder file = new StringBuilder(ONDE_HEADER);
        for (String row : rows) {
            file.append(row).append("\r\n");
        }
        Api.Response planned = admin().upload("/api/schools/" + uai + "/imports", "CSVExtraction.csv",
                file.toString().getBytes(Charset.forName("windows-1252")));
        assertThat(planned.status()).as(planned.toString()).isEqualTo(201);
        String id = planned.json().get("importId").asText();
        Api.Response applied = admin().post("/api/imports/" + id + "/apply", Map.of());
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        return id;
    }
}
