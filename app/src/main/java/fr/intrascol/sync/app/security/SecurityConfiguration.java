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
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Who may reach what, against the users table and its BCrypt hashes: HTTP Basic and problem details for
 * the API and actuator, a sign-in form with a session and CSRF tokens for the web pages. Coarse rules
 * are by path; per-school rules are in {@link SchoolAccess}.
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

    /** Actuator: health for everyone, the rest for administrators, HTTP Basic like the API. */
    @Bean
    @Order(2)
    public SecurityFilterChain actuatorSecurity(HttpSecurity http, Problems problems) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthenticated(problems)))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthenticated(problems))
                        .accessDeniedHandler(forbidden(problems)))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * The web pages: a French sign-in form, a session, and Spring Security's CSRF token on every form
     * and htmx request (the layout puts it in a meta tag and in htmx's headers). A refusal is a French
     * page, not a problem detail. The session cookie is never accepted by the API's chain.
     */
    @Bean
    @Order(3)
    public SecurityFilterChain pageSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error")
                        .permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", true)
                        .failureHandler(keepingUserName()).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(ex -> ex.accessDeniedPage("/error/forbidden"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
                                + " script-src 'self'; frame-ancestors 'none'; form-action 'self'")));
        return http.build();
    }

    /** A failed sign-in comes back to the form with the user name still typed (never the password). */
    private static AuthenticationFailureHandler keepingUserName() {
        return (request, response, e) -> {
            String username = request.getParameter("username");
            response.sendRedirect(request.getContextPath() + "/login?error"
                    + (username == null ? "" : "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)));
        };
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
