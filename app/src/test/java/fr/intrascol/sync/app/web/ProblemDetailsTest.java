package fr.intrascol.sync.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.intrascol.sync.app.security.RawHttp;
import fr.intrascol.sync.app.support.Api;
import fr.intrascol.sync.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal of the API is an RFC 9457 problem detail (application/problem+json with type, title,
 * status and detail), including those that happen before any controller is chosen, and none is a 500.
 */
class ProblemDetailsTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "Nom élève;Nom d'usage élève;Prénom élève;Date naissance;Sexe;INE;Niveau;"
            + "Libellé classe\n";

    private static JsonNode problem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("type").asText()).startsWith("https://intrascol-sync.example/problems/");
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asText()).isNotBlank().doesNotContain("org.", "java.", "Exception");
        return body;
    }

    @Test
    void a_nul_in_an_audit_filter_is_a_400_naming_the_parameter() {
        JsonNode body = problem(admin().get("/api/audit?actor=%00"), 400);
        assertThat(body.get("field").asText()).isEqualTo("actor");
        problem(admin().get("/api/audit?importId=a%00b"), 400);
    }

    @Test
    void a_file_target_folder_with_a_nul_is_a_400() {
        String uai = registerSchool("École du NUL");
        JsonNode body = problem(admin().send("PUT", "/api/schools/" + uai + "/target",
                Map.of("type", "FILE", "directory", "a\u0000b"), Map.of()), 400);
        assertThat(body.get("code").asText()).isEqualTo("TARGET_DIRECTORY_INVALID");
        assertThat(body.get("detail").asText()).contains("U+0000");
    }

    @Test
    void a_multipart_body_without_its_closing_boundary_is_a_400() throws Exception {
        String uai = registerSchool("École coupée");
        String boundary = "----cut";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + HEADER + "MARTIN;;Léa;25/03/2019;F;;CP;CP A\r\n")
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/schools/" + uai + "/imports HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                + "Authorization: Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        String answer;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read);
            answer = read.toString(StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        String json = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        json = json.substring(json.indexOf('{'), json.lastIndexOf('}') + 1);
        JsonNode problem = JSON.readTree(json);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asText()).endsWith("/invalid");
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).contains("multipart/form-data").doesNotContain("Exception");
        assertThat(admin().get("/api/schools/" + uai + "/imports").json()).isEmpty();
    }

    @Test
    void an_uploaded_file_name_with_a_nul_is_a_400_on_the_file_field() {
        String uai = registerSchool("École au nom NUL");
        JsonNode body = problem(admin().upload("/api/schools/" + uai + "/imports", "liste\u0000.csv",
                (HEADER + "MARTIN;;Léa;25/03/2019;F;;CP;CP A\n").getBytes(StandardCharsets.UTF_8)), 400);
        assertThat(body.has("field")).as(body.toString()).isTrue();
        assertThat(body.get("field").asText()).isEqualTo("file");
        assertThat(admin().get("/api/schools/" + uai + "/imports").json()).isEmpty();
    }

    @Test
    void spring_s_own_404_405_and_415_are_problem_details() {
        JsonNode notFound = problem(admin().get("/api/no-such-thing"), 404);
        assertThat(notFound.get("type").asText()).endsWith("/not-found");
        assertThat(notFound.get("detail").asText()).contains("/api/no-such-thing");

        Api.Response wrongMethod = admin().send("DELETE", "/api/audit", null, Map.of());
        JsonNode notAllowed = problem(wrongMethod, 405);
        assertThat(notAllowed.get("type").asText()).endsWith("/method-not-allowed");
        assertThat(notAllowed.get("detail").asText()).contains("DELETE", "GET");
        assertThat(wrongMethod.header("Allow")).contains("GET");

        JsonNode unsupported = problem(admin().send("POST", "/api/schools", "just text",
                Map.of("Content-Type", "text/plain")), 415);
        assertThat(unsupported.get("type").asText()).endsWith("/unsupported-media-type");
        assertThat(unsupported.get("detail").asText()).contains("application/json");
    }

    @Test
    void a_path_the_firewall_refuses_is_a_problem_detail_on_the_api_and_a_french_page_elsewhere() {
        Map<String, String> auth = Map.of("Authorization", RawHttp.basic("admin", ADMIN_PASSWORD));
        RawHttp.Response api = RawHttp.send("127.0.0.1", port, "GET", "/api/accounts//history", auth, null);
        assertThat(api.status()).as(api.toString()).isEqualTo(400);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.json().get("type").asText()).endsWith("/invalid");
        assertThat(api.json().get("detail").asText()).contains("double slash");

        RawHttp.Response page = RawHttp.send("127.0.0.1", port, "GET", "/admin/../admin//utilisateurs", auth, null);
        assertThat(page.status()).as(page.toString()).isEqualTo(400);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("Adresse invalide").doesNotContain("timestamp");
    }

    @Test
    void a_csv_with_an_unclosed_quote_is_refused_in_plain_words() {
        String uai = registerSchool("École guillemets");
        Api.Response response = admin().upload("/api/schools/" + uai + "/imports", "e.csv",
                (HEADER + "MARTIN;;Léa;25/03/2019;F;;CP;CP A\n\"DUBOIS;;Noé;12/03/2019;M;;CP;CP A\n")
                        .getBytes(StandardCharsets.UTF_8));
        JsonNode body = problem(response, 422);
        assertThat(body.get("detail").asText()).contains("an opening quote is never closed (line 3)")
                .doesNotContain("org.", "java.", "Exception", "CSV" + "Exception");
    }

    @Test
    void a_name_with_a_bidi_override_is_a_400_on_its_field() {
        String uai = registerSchool("École bidi");
        Map<String, Object> pupil = new HashMap<>();
        pupil.put("role", "PUPIL");
        pupil.put("lastName", "DUP\u202EONT");
        pupil.put("firstName", "Léa");
        pupil.put("birthDate", "2019-03-25");
        pupil.put("classGroup", "CP A");
        pupil.put("level", "CP");
        pupil.put("reason", "arrivée");
        JsonNode body = problem(admin().post("/api/schools/" + uai + "/accounts", pupil), 400);
        assertThat(body.get("field").asText()).isEqualTo("lastName");
        assertThat(body.get("detail").asText()).contains("U+202E RIGHT-TO-LEFT OVERRIDE", "position 4");

        String id = createPupil(admin(), uai, "MARTIN", "Zoé", "2019-01-02", "CP").get("accountId").asText();
        Api.Response patched = admin().patch("/api/accounts/" + id, Map.of("firstName", "Zo\u200Bé",
                "reason", "correction"), Map.of());
        assertThat(patched.status()).as(patched.toString()).isEqualTo(400);
        assertThat(patched.json().get("detail").asText()).contains("U+200B");
    }

    @Test
    void an_imported_name_with_an_invisible_character_is_a_row_problem_with_its_line() {
        String uai = registerSchool("École import invisible");
        Api.Response response = admin().upload("/api/schools/" + uai + "/imports", "e.csv",
                (HEADER + "MARTIN;;Léa;25/03/2019;F;;CP;CP A\nPETIT;;Zo\u2066é;12/03/2019;F;;CP;CP A\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode problems = response.json().get("problems");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).get("line").asInt()).isEqualTo(3);
        assertThat(problems.get(0).get("message").asText()).contains("U+2066", "first name");
    }
}
