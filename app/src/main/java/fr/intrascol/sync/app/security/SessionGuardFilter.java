package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Every request of a signed-in web session checks its user against the database (one indexed read of
 * {@code security_version}): a user disabled, deleted, or whose roles, schools or password changed since
 * the session started is signed out, as is a session older than {@code session-max-lifetime}. A user
 * who must change their password is sent to « Mon compte » for anything but that page, sign-out and
 * static files.
 */
final class SessionGuardFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionGuardFilter.class);
    static final String SIGNED_IN_AT = SessionGuardFilter.class.getName() + ".signedInAt";
    static final String MY_ACCOUNT = "/mon-compte";

    private final UserRepository users;
    private final Duration maxLifetime;

    SessionGuardFilter(UserRepository users, Duration maxLifetime) {
        this.users = users;
        this.maxLifetime = maxLifetime;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof AppUser user)
                || isStatic(request)) {
            chain.doFilter(request, response);
            return;
        }
        HttpSession session = request.getSession(false);
        long now = System.currentTimeMillis();
        if (session != null) {
            Object signedIn = session.getAttribute(SIGNED_IN_AT);
            if (!(signedIn instanceof Long)) {
                session.setAttribute(SIGNED_IN_AT, now);
            } else if (now - (Long) signedIn > maxLifetime.toMillis()) {
                log.info("Session of {} ended: older than {}", user.username(), maxLifetime);
                end(request);
                chain.doFilter(request, response);
                return;
            }
        }
        Optional<Long> version = users.activeSecurityVersion(user.username());
        if (version.isEmpty() || version.get() != user.securityVersion()) {
            log.info("Session of {} ended: the user was {} since it started", user.username(),
                    version.isEmpty() ? "disabled or removed" : "changed");
            end(request);
            chain.doFilter(request, response);
            return;
        }
        if (user.mustChangePassword() && !allowedBeforeChange(request)) {
            response.sendRedirect(request.getContextPath() + MY_ACCOUNT);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Signs out: the rest of the chain sees an anonymous request (sent to the sign-in page). */
    private static void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }

    private static boolean allowedBeforeChange(HttpServletRequest request) {
        String path = path(request);
        return path.equals(MY_ACCOUNT) || path.startsWith(MY_ACCOUNT + "/") || path.equals("/logout")
                || path.equals("/error") || path.startsWith("/error/") || path.equals("/login");
    }

    /** Style sheets, scripts and icons: no data, no check (one read less per page). */
    private static boolean isStatic(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/")
                || path.equals("/favicon.ico");
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
