package fr.intrascol.sync.app.web;

import fr.intrascol.sync.app.axon.ScaleOutConfiguration.NodeIdentity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code query} process refuses writes: 503 with a problem detail {@code wrong-process} under
 * {@code /api} (a short French page elsewhere), saying to send writes to a command process. It runs after
 * Spring Security (a default-order servlet filter), so who may not write still gets 401/403 first. Reads,
 * signing in and out, and rebuilding a projection (a query-side operation) are served.
 * <p>
 * Refusing rather than accepting: a load balancer that routes a write to a query process is
 * misconfigured, and saying so at once is better than a query process quietly doing command work (a
 * credentials sheet would then wait in the wrong process's memory).
 */
@Component
public class WritesToCommandProcesses extends OncePerRequestFilter {

    static final String DETAIL = "This process serves reads only (intrascol.role=query). Send writes to a command"
            + " process of this installation (intrascol.role=command or all).";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Pattern ALLOWED = Pattern.compile("/login|/logout|/api/admin/projections/[^/]+/rebuild");

    private final boolean refuse;
    private final Problems problems;

    public WritesToCommandProcesses(NodeIdentity node, Problems problems) {
        this.refuse = !node.role().acceptsWrites();
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!refuse || SAFE.contains(request.getMethod())) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return ALLOWED.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "wrong-process", DETAIL);
        } else {
            problems.writePage(response, HttpStatus.SERVICE_UNAVAILABLE, "Serveur en lecture seule", "Ce serveur ne"
                    + " fait que des lectures. Réessayez : la modification doit passer par un autre serveur de"
                    + " l’installation.");
        }
    }
}
