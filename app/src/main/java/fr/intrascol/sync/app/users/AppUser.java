package fr.intrascol.sync.app.users;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** A person allowed into the application, with roles and the schools they are given. */
public record AppUser(String username, String passwordHash, Set<UserRole> roles, Set<String> schools,
                      boolean enabled) implements UserDetails {

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
