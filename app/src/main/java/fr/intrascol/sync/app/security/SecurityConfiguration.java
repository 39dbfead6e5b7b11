package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.app.users.ApiTokens;
import fr.intrascol.sync.app.users.UserRepository;
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
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Who may reach what, against the users table and its BCrypt hashes: HTTP Basic and problem details for
 * the API and actuator, a sign-in form with a session and CSRF tokens for the web pages. Coarse rules
 * are by path; per-school rules are in {@link SchoolAccess}.
 *
 * <p>Also: API tokens ({@code Bearer}, {@link ApiTokenFilter}); sign-in throttling on HTTP Basic and the
 * form ({@link SignInThrottle}); a forced password change ({@link PasswordChangeRequiredFilter},
 * {@link SessionGuardFilter}); every web session re-checked against the users table on each request;
 * {@code Referrer-Policy: same-origin} everywhere; redirects relative (never built from {@code Host}).
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
    public SecurityFilterChain apiSecurity(HttpSecurity http, Problems problems, SignInThrottle throttle,
                                           ApiTokens tokens) throws Exception {
        http.securityMatcher("/api/**")
                .addFilterBefore(new SignInThrottleFilter(throttle, problems, SignInThrottle.Channel.API),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiTokenFilter(tokens, problems), BasicAuthenticationFilter.class)
                .addFilterAfter(new PasswordChangeRequiredFilter(problems), BasicAuthenticationFilter.class)
                .headers(headers -> headers.referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)))
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
    public SecurityFilterChain actuatorSecurity(HttpSecurity http, Problems problems, SignInThrottle throttle)
            throws Exception {
        http.securityMatcher("/actuator/**")
                .addFilterBefore(new SignInThrottleFilter(throttle, problems, SignInThrottle.Channel.API),
                        BasicAuthenticationFilter.class)
                .addFilterAfter(new PasswordChangeRequiredFilter(problems), BasicAuthenticationFilter.class)
                .headers(headers -> headers.referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)))
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
    public SecurityFilterChain pageSecurity(HttpSecurity http, Problems problems, SignInThrottle throttle,
                                            UserRepository users,
                                            IntrascolProperties properties) throws Exception {
        Duration sessionMaxLifetime = properties.security().sessionMaxLifetime();
        LoginUrlAuthenticationEntryPoint toSignIn = new LoginUrlAuthenticationEntryPoint("/login");
        toSignIn.setFavorRelativeUris(true);
        http.addFilterBefore(new SignInThrottleFilter(throttle, problems, SignInThrottle.Channel.PAGE),
                        UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new SessionGuardFilter(users, sessionMaxLifetime), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error")
                        .permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").successHandler(signedIn(throttle))
                        .failureHandler(keepingUserName(throttle)).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(ex -> ex.accessDeniedPage("/error/forbidden").authenticationEntryPoint(toSignIn))
                .headers(headers -> headers.referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
                                + " script-src 'self'; frame-ancestors 'none'; form-action 'self'")));
        return http.build();
    }

    /** A signed-in user lands on the home page; their session's absolute lifetime starts now. */
    private static AuthenticationSuccessHandler signedIn(SignInThrottle throttle) {
        SimpleUrlAuthenticationSuccessHandler home = new SimpleUrlAuthenticationSuccessHandler("/");
        home.setAlwaysUseDefaultTargetUrl(true);
        return (request, response, authentication) -> {
            throttle.succeeded(authentication.getName(), request.getRemoteAddr());
            request.getSession().setAttribute(SessionGuardFilter.SIGNED_IN_AT, System.currentTimeMillis());
            home.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** A failed sign-in comes back to the form with the user name still typed (never the password). */
    private static AuthenticationFailureHandler keepingUserName(SignInThrottle throttle) {
        return (request, response, e) -> {
            String username = request.getParameter("username");
            throttle.failed(username == null ? "" : username, request.getRemoteAddr(), SignInThrottle.Channel.PAGE);
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
