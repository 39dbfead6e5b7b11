package fr.intrascol.sync.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** A real HTTP client for the running application, signed in as one user. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String base;
    private final String authorization;

    private Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    public static Api at(int port, String username, String password) {
        return new Api("http://localhost:" + port, "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** Authenticated with an API token ({@code Authorization: Bearer}). */
    public static Api bearer(int port, String token) {
        return new Api("http://localhost:" + port, "Bearer " + token);
    }

    public static Api anonymous(int port) {
        return new Api("http://localhost:" + port, null);
    }

    public Api as(String username, String password) {
        return new Api(base, "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    public Response patch(String path, Object body, Map<String, String> headers) {
        return send("PATCH", path, body, headers);
    }

    /** A multipart/form-data upload of one file in the field {@code file}. */
    public Response upload(String path, String fileName, byte[] content) {
        String boundary = "----intrascol" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return raw("POST", path, HttpRequest.BodyPublishers.ofByteArray(body),
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary));
    }

    /** The raw bytes of a download (a PDF...), with the status and headers. */
    public HttpResponse<byte[]> download(String path) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response raw(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, body)
                    .header("Accept", "application/json, application/problem+json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            headers.forEach(request::header);
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response send(String method, String path, Object body, Map<String, String> headers) {
        try {
            Map<String, String> all = new java.util.HashMap<>(headers);
            if (body != null) {
                all.putIfAbsent("Content-Type", "application/json");
            }
            return raw(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)), all);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A status, a body and headers. */
    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
