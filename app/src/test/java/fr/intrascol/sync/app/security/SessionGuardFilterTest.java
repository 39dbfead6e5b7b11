package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRepository;
import fr.intrascol.sync.app.users.UserRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The absolute lifetime of a web session, without waiting hours: the filter on its own. */
class SessionGuardFilterTest {

    private final UserRepository users = mock(UserRepository.class);
    private final AppUser director = new AppUser("director-x", "", Set.of(UserRole.DIRECTOR), Set.of("0900001A"),
            true, 3, false);

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private MockHttpSession signedIn(Duration ago) {
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(director, null, director.getAuthorities()));
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(SessionGuardFilter.SIGNED_IN_AT, System.currentTimeMillis() - ago.toMillis());
        return session;
    }

    private MockHttpServletRequest get(MockHttpSession session) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/schools");
        request.setSession(session);
        return request;
    }

    @Test
    void a_session_older_than_its_maximum_lifetime_ends() throws Exception {
        when(users.activeSecurityVersion("director-x")).thenReturn(Optional.of(3L));
        MockHttpSession session = signedIn(Duration.ofHours(13));
        new SessionGuardFilter(users, Duration.ofHours(12)).doFilter(get(session), new MockHttpServletResponse(),
                new MockFilterChain());
        assertThat(session.isInvalid()).isTrue();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    @Test
    void a_younger_session_of_an_unchanged_user_goes_on() throws Exception {
        when(users.activeSecurityVersion("director-x")).thenReturn(Optional.of(3L));
        MockHttpSession session = signedIn(Duration.ofHours(11));
        new SessionGuardFilter(users, Duration.ofHours(12)).doFilter(get(session), new MockHttpServletResponse(),
                new MockFilterChain());
        assertThat(session.isInvalid()).isFalse();
        assertThat(SecurityContextHolder.getContext().getAuthentication().getName()).isEqualTo("director-x");
    }

    @Test
    void a_changed_or_disabled_user_is_signed_out() throws Exception {
        for (Optional<Long> stored : java.util.List.of(Optional.of(4L), Optional.<Long>empty())) {
            when(users.activeSecurityVersion("director-x")).thenReturn(stored);
            MockHttpSession session = signedIn(Duration.ofMinutes(5));
            new SessionGuardFilter(users, Duration.ofHours(12)).doFilter(get(session), new MockHttpServletResponse(),
                    new MockFilterChain());
            assertThat(session.isInvalid()).isTrue();
            assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        }
    }
}
