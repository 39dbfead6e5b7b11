package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Requests Spring Security's firewall refuses before anything else runs (a path with {@code //}, {@code ..},
 * an encoded slash or a control character, a header with a line break): 400 with a problem detail under
 * {@code /api}, a short French page elsewhere, rather than Spring Boot's own error body. Spring Security uses
 * the one {@link RequestRejectedHandler} bean it finds.
 */
@Component
public class FirewallRejections implements RequestRejectedHandler {

    static final String DETAIL = "The request's path or headers contain something this service never accepts"
            + " (a double slash, '..', an encoded slash or a control character). Nothing was done: correct the URL.";

    private static final Logger log = LoggerFactory.getLogger(FirewallRejections.class);

    private final Problems problems;

    public FirewallRejections(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        // not the message: Spring quotes the refused header value or path there, which may carry anything
        log.debug("Request refused by the firewall ({} {})", request.getMethod(), e.getClass().getSimpleName());
        if (response.isCommitted()) {
            return;
        }
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "invalid", DETAIL);
        } else {
            problems.writePage(response, HttpStatus.BAD_REQUEST, "Adresse invalide", "Cette adresse contient des"
                    + " caractères que le service n’accepte jamais (double barre oblique, « .. »…). Revenez à la page"
                    + " d’accueil et utilisez les liens de l’application.");
        }
    }
}
