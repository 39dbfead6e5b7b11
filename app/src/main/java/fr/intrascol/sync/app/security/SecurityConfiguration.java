package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.web.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * HTTP Basic authentication against the users table, BCrypt hashes, and the coarse
 * rules by path; per-school rules are in {@link SchoolAccess}. Refusals are problem details.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class SecurityConfiguration {

    private static final String REALM = "intrascol-sync";

    /**
     * The API: HTTP Basic on every request and no session. A session cookie is never accepted here, so
     * a page from another site cannot make a signed-in browser call the API (no CSRF exposure), and a
     * disabled user loses access at their next request.
     */
    @Bean
    @Order(1)
    public SecurityFilterChain apiSecurity(HttpSecurity http, Problems problems) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/api/schools").hasRole("ADMIN")
                        .requestMatchers("/api/users", "/api/users/**").hasRole("ADMIN")
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthenticated(problems)))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthenticated(problems))
                        .accessDeniedHandler(forbidden(problems)))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** Everything else: health for everyone, the rest of actuator for administrators. */
    @Bean
    @Order(2)
    public SecurityFilterChain defaultSecurity(HttpSecurity http, Problems problems) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthenticated(problems)))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthenticated(problems))
                        .accessDeniedHandler(forbidden(problems)));
        return http.build();
    }

    private static AuthenticationEntryPoint unauthenticated(Problems problems) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "Sign in with your user name and password.");
        };
    }

    private static AccessDeniedHandler forbidden(Problems problems) {
        return (request, response, e) -> problems.write(request, response, HttpStatus.FORBIDDEN,
                "You are not allowed to do this.");
    }
}
