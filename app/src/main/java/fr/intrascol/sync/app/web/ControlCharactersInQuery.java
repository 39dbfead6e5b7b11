package fr.intrascol.sync.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * An API request whose query string holds a NUL character ({@code %00}) in a parameter's name or value
 * is refused with a 400 problem detail naming the parameter: no filter or field accepts one, and the
 * database refuses it in a query (which would otherwise end as a 500). Runs after Spring Security, so an
 * anonymous caller still gets 401.
 */
@Component
public class ControlCharactersInQuery extends OncePerRequestFilter {

    private final Problems problems;

    public ControlCharactersInQuery(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            String field = fieldWithNul(query);
            if (field != null) {
                ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid", "The parameter '" + field
                        + "' contains a NUL character (%00), which no parameter accepts: remove it and try again.");
                problem.setProperty("field", field);
                problems.write(request, response, problem);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The name of the first parameter with a NUL in its name or value, or null. */
    static String fieldWithNul(String query) {
        if (!query.contains("%00") && query.indexOf('\0') < 0) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                return name.replace('\0', '?');
            }
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
