package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.users.ApiTokens;
import fr.intrascol.sync.app.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/** {@code Authorization: Bearer <token>} on the API: the token's user, by a hash look-up (no BCrypt). */
final class ApiTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final Problems problems;

    ApiTokenFilter(ApiTokens tokens, Problems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiTokens.Authenticated> found = tokens.authenticate(header.substring(7).trim());
        if (found.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"intrascol-sync\", error=\"invalid_token\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED,
                    "This API token is not valid: it was revoked, or its user is disabled.");
            return;
        }
        var user = found.get().user();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
