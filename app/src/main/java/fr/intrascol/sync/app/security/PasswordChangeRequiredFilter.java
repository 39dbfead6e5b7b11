package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A user whose password was chosen by an administrator may only change it on the API
 * ({@code POST /api/me/password}): anything else is a 403 problem {@code password-change-required}.
 */
final class PasswordChangeRequiredFilter extends OncePerRequestFilter {

    static final String CHANGE_PATH = "/api/me/password";
    private final Problems problems;

    PasswordChangeRequiredFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AppUser user
                && user.mustChangePassword()
                && !("POST".equals(request.getMethod())
                        && (request.getContextPath() + CHANGE_PATH).equals(request.getRequestURI()))) {
            problems.write(request, response, HttpStatus.FORBIDDEN, "password-change-required",
                    "Your password was set by an administrator: choose your own first (POST " + CHANGE_PATH
                            + " with currentPassword and newPassword).");
            return;
        }
        chain.doFilter(request, response);
    }
}
