package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * {@link SignInThrottle} in front of HTTP Basic (API, actuator) and of the sign-in form's POST: a refused
 * attempt is answered 429 with {@code Retry-After} before any password is checked (a problem detail on
 * the API, a French page for the form). HTTP Basic outcomes are counted here (401: failed); the form's in
 * {@link SecurityConfiguration}'s success and failure handlers.
 */
final class SignInThrottleFilter extends OncePerRequestFilter {

    private final SignInThrottle throttle;
    private final Problems problems;
    private final SignInThrottle.Channel channel;

    SignInThrottleFilter(SignInThrottle throttle, Problems problems, SignInThrottle.Channel channel) {
        this.throttle = throttle;
        this.problems = problems;
        this.channel = channel;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = channel == SignInThrottle.Channel.API ? basicUsername(request) : formUsername(request);
        if (username == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        Optional<Duration> refusal = throttle.refusal(username, address, channel);
        if (refusal.isPresent()) {
            long seconds = Math.max(1, refusal.get().toSeconds() + (refusal.get().toMillisPart() > 0 ? 1 : 0));
            response.setHeader("Retry-After", Long.toString(seconds));
            if (channel == SignInThrottle.Channel.API) {
                problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-in-failures",
                        "Too many failed sign-ins from your address: try again in " + seconds + " seconds.");
            } else {
                tooManyPage(response, seconds);
            }
            return;
        }
        chain.doFilter(request, response);
        if (channel == SignInThrottle.Channel.API) {
            if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
                throttle.failed(username, address, channel);
            } else {
                throttle.succeeded(username, address);
            }
        }
    }

    private static String basicUsername(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String formUsername(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())
                || !(request.getContextPath() + "/login").equals(request.getRequestURI())) {
            return null;
        }
        String username = request.getParameter("username");
        return username == null ? "" : username;
    }

    private static void tooManyPage(HttpServletResponse response, long seconds) throws IOException {
        long minutes = (seconds + 59) / 60;
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="fr"><head><meta charset="utf-8"><title>Trop de tentatives — intrascol-sync</title>
                <link rel="stylesheet" href="/css/app.css"></head>
                <body><main id="contenu" class="narrow"><h1>Trop de tentatives de connexion</h1>
                <div class="alert error" role="alert">Trop de tentatives de connexion ont échoué depuis votre poste.
                Par sécurité, réessayez dans %d minute%s.</div>
                <p><a href="/login">Revenir à la connexion</a></p></main></body></html>
                """.formatted(minutes, minutes > 1 ? "s" : ""));
    }
}
