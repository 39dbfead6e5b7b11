package fr.intrascol.sync.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds RFC 9457 problem details: a stable type URI per kind of problem, a title, and a detail a
 * person can act on. Also writes them outside Spring MVC (security filters).
 */
@Component
public class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String TYPE_BASE = "https://intrascol-sync.example/problems/";

    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        write(request, response, status, status == HttpStatus.UNAUTHORIZED ? "unauthenticated" : "forbidden", detail);
    }

    /** A problem detail written outside Spring MVC (from a filter), with its {@code type}. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
                      String detail) throws IOException {
        write(request, response, of(status, type, detail));
    }

    /** A problem detail, with its properties ({@code field}...), written outside Spring MVC. */
    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle() != null ? problem.getTitle()
                : HttpStatus.valueOf(problem.getStatus()).getReasonPhrase());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", problem.getInstance() != null ? problem.getInstance().toString() : request.getRequestURI());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        JSON.writeValue(response.getWriter(), body);
    }

    /**
     * A short French page (outside {@code /api}) written outside Spring MVC, for refusals that happen before
     * any page is chosen. {@code title} and {@code text} are constants of this application, never input.
     */
    public void writePage(HttpServletResponse response, HttpStatus status, String title, String text)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType("text/html;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><h1>" + title + "</h1><p>" + text + "</p></body></html>");
    }
}
