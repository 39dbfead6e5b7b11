package fr.intrascol.sync.app.users;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A person allowed into the application, with roles and the schools they are given. {@code securityVersion}
 * changes with every change of what they may do (an open session of another version is ended);
 * {@code mustChangePassword} when an administrator chose their password.
 */
public record AppUser(String username, String passwordHash, Set<UserRole> roles, Set<String> schools,
                      boolean enabled, long securityVersion, boolean mustChangePassword) implements UserDetails {

    /** A user as the command-line tools build it: version 0, no password change due. */
    public AppUser(String username, String passwordHash, Set<UserRole> roles, Set<String> schools, boolean enabled) {
        this(username, passwordHash, roles, schools, enabled, 0, false);
    }

    /** The same user without the password hash (kept in sessions and caches). */
    public AppUser withoutPassword() {
        return new AppUser(username, "", roles, schools, enabled, securityVersion, mustChangePassword);
    }

    public boolean has(UserRole role) {
        return roles.contains(role);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).collect(Collectors.toSet());
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public String toString() {
        return "AppUser[" + username + ", roles=" + roles + ", schools=" + schools + "]";
    }
}
