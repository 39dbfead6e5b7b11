package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.value.Uai;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Who may read or change which school's data. An administrator reaches every school; a director reads
 * and changes their own schools; an inspector only reads theirs. Every controller that touches a
 * school's data asks here first.
 */
@Component
public class SchoolAccess {

    /** Refuses unless the current user may read the school's data. */
    public void requireRead(Uai uai) {
        AppUser user = currentUser();
        if (user.has(UserRole.ADMIN)) {
            return;
        }
        if ((user.has(UserRole.DIRECTOR) || user.has(UserRole.INSPECTOR)) && user.schools().contains(uai.value())) {
            return;
        }
        throw new AccessDeniedException("You do not have access to school " + uai + ".");
    }

    /** Refuses unless the current user may change the school's accounts. */
    public void requireWrite(Uai uai) {
        AppUser user = currentUser();
        if (user.has(UserRole.ADMIN)) {
            return;
        }
        if (user.has(UserRole.DIRECTOR) && user.schools().contains(uai.value())) {
            return;
        }
        if (user.schools().contains(uai.value())) {
            throw new AccessDeniedException("Your access to school " + uai + " is read-only.");
        }
        throw new AccessDeniedException("You do not have access to school " + uai + ".");
    }

    /** Whether the current user may change the school's accounts (to show or hide actions). */
    public boolean canWrite(Uai uai) {
        try {
            requireWrite(uai);
            return true;
        } catch (AccessDeniedException e) {
            return false;
        }
    }

    /** The schools the current user may read, or null for every school. */
    public Set<String> readableSchools() {
        AppUser user = currentUser();
        return user.has(UserRole.ADMIN) ? null : Set.copyOf(user.schools());
    }

    public static AppUser currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AppUser user) {
            return user;
        }
        throw new AccessDeniedException("Sign in first.");
    }
}
