package fr.intrascol.sync.app.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

import java.io.IOException;

/**
 * An upload above the multipart limit ({@code spring.servlet.multipart.max-request-size}) is refused
 * before anything reads it. The filter answers first, from the request's declared length, before Spring
 * Security (whose CSRF check would otherwise parse the oversized form and fail on it): a problem detail
 * under {@code /api}, a redirect to the French page {@code /error/too-large} for the pages. The advice
 * covers an API upload that declared no length (chunked), which fails later, before any controller is
 * chosen. A file above {@code spring.servlet.multipart.max-file-size} in a request under the request limit is
 * refused by the filter too, once it has read the parts. Tomcat reads a refused body to its end (up to {@code server.tomcat.max-swallow-size}) so the
 * client sees the answer rather than a reset connection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UploadTooLarge extends OncePerRequestFilter {

    static final String DETAIL = "The file is too large for an extraction of one school. Check that it is the CSV"
            + " extraction of a single school.";

    private final long maxRequestBytes;
    private final Problems problems;

    /** {@code multipart}: Boot's, absent in a process started as a command-line tool (no web server). */
    public UploadTooLarge(ObjectProvider<MultipartProperties> multipart, Problems problems) {
        this.maxRequestBytes = multipart.getIfAvailable(MultipartProperties::new).getMaxRequestSize().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/")
                || request.getContentLengthLong() <= maxRequestBytes && !fileTooLarge(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "file-too-large", DETAIL);
        } else {
            response.setStatus(HttpStatus.SEE_OTHER.value());
            response.setHeader("Location", request.getContextPath() + "/error/too-large");
        }
    }

    /**
     * Whether a file of the request is above {@code max-file-size} (the request itself being under the request
     * limit). The parts are read here, once (the container keeps them for the page): left to Spring Security's
     * CSRF check, which reads the form's token, that refusal escapes every handler and ends as « erreur
     * inattendue ». Any other failure to read the parts is left to the handlers that report it.
     */
    private static boolean fileTooLarge(HttpServletRequest request) {
        try {
            request.getParts();
            return false;
        } catch (RuntimeException | IOException | ServletException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t.getClass().getSimpleName().endsWith("SizeLimitExceededException")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The API's answer when the oversized upload came without a declared length. */
    @ControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static class Advice {

        @ExceptionHandler(MaxUploadSizeExceededException.class)
        public ResponseEntity<Object> tooLarge() {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", DETAIL));
        }
    }
}
