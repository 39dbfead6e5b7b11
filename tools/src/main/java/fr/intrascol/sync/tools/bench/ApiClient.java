package fr.intrascol.sync.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** The application's public HTTP API as an administrator sees it, with {@code java.net.http}. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    ApiClient(String base, String user, String password) {
        this("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)),
                base);
    }

    private ApiClient(String authorization, String base) {
        this.base = base;
        this.authorization = authorization;
    }

    /**
     * The same server reached with an API token ({@code Authorization: Bearer}), as a script of an ICT team
     * would: a token is looked up by its hash, where HTTP Basic checks the BCrypt password on every request
     * (some 67 ms of CPU each: most of the application's CPU in a département's upload, by the profile).
     */
    ApiClient withToken(String token) {
        return new ApiClient("Bearer " + token, base);
    }

    /** An answer: its status and its body read as JSON (a missing node when empty or not JSON). */
    record Answer(int status, JsonNode body, String text) {
        boolean ok() {
            return status / 100 == 2;
        }

        Answer require(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " answered " + status + ": " + text);
            }
            return this;
        }
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    Answer put(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    /** {@code multipart/form-data} with the file in the field {@code file}, as curl {@code -F file=@…} sends it. */
    Answer upload(String path, String fileName, byte[] content) throws IOException, InterruptedException {
        String boundary = "bench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 300);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? JSON.missingNode()
                    : JSON.readTree(response.body());
        } catch (IOException notJson) {
            body = JSON.missingNode();
        }
        return new Answer(response.statusCode(), body, response.body());
    }
}
