package fr.intrascol.sync.app.audit;

import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Set;
import java.util.function.Supplier;

/**
 * A job of the application itself (retention, the erasure ledger at start) acting under a name of its
 * own, so that what it changes has an actor like everything else; the caller's context comes back after.
 */
public final class SystemActor {

    private SystemActor() {
    }

    public static <T> T as(String actor, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        AppUser system = new AppUser(actor, "", Set.of(UserRole.ADMIN), Set.of(), true);
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(system, null,
                system.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
