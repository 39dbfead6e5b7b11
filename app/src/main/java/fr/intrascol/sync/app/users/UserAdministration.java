package fr.intrascol.sync.app.users;

import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Creating and changing staff users, for the API and the pages alike: the password policy, the audit
 * ({@link UserAdminAudit}), the forced password change after an administrator chose the password, and
 * the end of the user's open sessions (security version) on every change of what they may do. BCrypt
 * runs before the transaction that writes the change: no pooled connection is held while hashing.
 */
@Service
public class UserAdministration {

    private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._@-]{2,64}");

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final StaffPasswordPolicy policy;
    private final UserAdminAudit audit;
    private final ApiTokens tokens;
    private final TransactionTemplate transaction;

    public UserAdministration(UserRepository users, PasswordEncoder encoder, StaffPasswordPolicy policy,
                              UserAdminAudit audit, ApiTokens tokens, PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
        this.users = users;
        this.encoder = encoder;
        this.policy = policy;
        this.audit = audit;
        this.tokens = tokens;
    }

    /**
     * Creates a user; {@code mustChangePassword} null means true (they choose their own password at their
     * first sign-in).
     */
    public AppUser create(String username, String password, Collection<String> roleNames,
                          Collection<String> schoolUais, Boolean mustChangePassword) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidValueException("username",
                    "The user name must be 2 to 64 letters, digits or . _ @ - characters.");
        }
        policy.check(username, password);
        Set<UserRole> roles = roles(roleNames);
        Set<String> schools = schools(schoolUais);
        checkSchools(roles, schools);
        String actor = SchoolAccess.currentUser().username();
        boolean mustChange = mustChangePassword == null || mustChangePassword;
        AppUser user = new AppUser(username, encoder.encode(password), roles, schools, true, 0, mustChange);
        transaction.executeWithoutResult(status -> {
            if (!users.insert(user, actor)) {
                throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "USERNAME_TAKEN",
                        "The user name '" + username + "' is already taken.", username);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("roles", roles.stream().map(Enum::name).sorted().toList());
            details.put("schools", List.copyOf(schools));
            details.put("mustChangePassword", mustChange);
            audit.record(actor, UserAdminAudit.CREATED, username, details);
        });
        log.info("User {} created by {}: roles {}, schools {}", username, actor, roles, schools);
        return user;
    }

    /**
     * Changes a user; a null field stays as it is. A password set here must be changed by the user at their
     * next sign-in unless {@code mustChangePassword} is false.
     */
    public AppUser change(String username, String password, Collection<String> roleNames,
                          Collection<String> schoolUais, Boolean enabled, Boolean mustChangePassword) {
        AppUser current = users.find(username)
                .orElseThrow(() -> new NotFoundException("There is no user named '" + username + "'."));
        if (password != null) {
            policy.check(username, password);
        }
        Set<UserRole> roles = roleNames != null ? roles(roleNames) : current.roles();
        Set<String> schools = schoolUais != null ? schools(schoolUais) : current.schools();
        boolean isEnabled = enabled != null ? enabled : current.enabled();
        checkSchools(roles, schools);
        String actor = SchoolAccess.currentUser().username();
        if (username.equals(actor) && (!isEnabled || !roles.contains(UserRole.ADMIN))) {
            throw new InvalidValueException(isEnabled ? "roles" : "enabled", "You cannot remove your own administrator"
                    + " rights or disable yourself: ask another administrator.");
        }
        boolean mustChange = mustChangePassword != null ? mustChangePassword
                : password != null || current.mustChangePassword();
        AppUser updated = new AppUser(username, password != null ? encoder.encode(password) : current.passwordHash(),
                roles, schools, isEnabled, 0, mustChange);
        long version = transaction.execute(status -> {
            long next = users.update(updated);
            auditChanges(actor, current, updated, password != null);
            return next;
        });
        tokens.forgetAll();
        log.info("User {} changed by {}: roles {}, schools {}, enabled {}, password {}", username, actor, roles,
                schools, isEnabled, password != null ? "reset" : "unchanged");
        return new AppUser(username, updated.passwordHash(), roles, schools, isEnabled, version, mustChange);
    }

    /**
     * The signed-in user changes their own password, giving the current one. Their other sessions end;
     * the current one (if any) goes on with the new security version.
     */
    public void changeOwnPassword(String currentPassword, String newPassword) {
        String username = SchoolAccess.currentUser().username();
        AppUser me = users.find(username).orElseThrow(() -> new NotFoundException("Your user no longer exists."));
        if (currentPassword == null || !encoder.matches(currentPassword, me.passwordHash())) {
            throw new InvalidValueException("currentPassword", "The current password is not right.");
        }
        policy.check("newPassword", username, newPassword);
        if (encoder.matches(newPassword, me.passwordHash())) {
            throw new InvalidValueException("newPassword", "Choose a password other than the current one.");
        }
        AppUser updated = new AppUser(username, encoder.encode(newPassword), me.roles(), me.schools(), me.enabled(),
                0, false);
        long version = transaction.execute(status -> {
            long next = users.update(updated);
            audit.record(username, UserAdminAudit.PASSWORD_CHANGED, username, Map.of());
            return next;
        });
        tokens.forgetAll();
        log.info("User {} changed their own password", username);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AppUser) {
            AppUser principal = new AppUser(username, "", me.roles(), me.schools(), me.enabled(), version, false);
            UsernamePasswordAuthenticationToken refreshed = UsernamePasswordAuthenticationToken.authenticated(
                    principal, null, principal.getAuthorities());
            refreshed.setDetails(authentication.getDetails());
            // the session holds this very context object: the session goes on with the new version
            SecurityContextHolder.getContext().setAuthentication(refreshed);
        }
    }

    private void auditChanges(String actor, AppUser before, AppUser after, boolean passwordReset) {
        String target = after.username();
        if (before.enabled() && !after.enabled()) {
            audit.record(actor, UserAdminAudit.DISABLED, target, Map.of());
        } else if (!before.enabled() && after.enabled()) {
            audit.record(actor, UserAdminAudit.ENABLED, target, Map.of());
        }
        for (UserRole role : after.roles()) {
            if (!before.roles().contains(role)) {
                audit.record(actor, UserAdminAudit.ROLE_ADDED, target, Map.of("role", role.name()));
            }
        }
        for (UserRole role : before.roles()) {
            if (!after.roles().contains(role)) {
                audit.record(actor, UserAdminAudit.ROLE_REMOVED, target, Map.of("role", role.name()));
            }
        }
        for (String uai : after.schools()) {
            if (!before.schools().contains(uai)) {
                audit.record(actor, UserAdminAudit.SCHOOL_ADDED, target, Map.of("uai", uai));
            }
        }
        for (String uai : before.schools()) {
            if (!after.schools().contains(uai)) {
                audit.record(actor, UserAdminAudit.SCHOOL_REMOVED, target, Map.of("uai", uai));
            }
        }
        if (passwordReset) {
            audit.record(actor, UserAdminAudit.PASSWORD_RESET, target,
                    Map.of("mustChangePassword", after.mustChangePassword()));
        }
    }

    static Set<UserRole> roles(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            throw new InvalidValueException("roles", "Give at least one role: ADMIN, DIRECTOR or INSPECTOR.");
        }
        Set<UserRole> roles = EnumSet.noneOf(UserRole.class);
        for (String role : names) {
            try {
                roles.add(UserRole.valueOf(role.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidValueException("roles", "'" + role + "' is not a role: ADMIN, DIRECTOR or INSPECTOR.");
            }
        }
        return roles;
    }

    static Set<String> schools(Collection<String> uais) {
        Set<String> schools = new TreeSet<>();
        for (String uai : uais == null ? List.<String>of() : uais) {
            schools.add(new Uai(uai).value());
        }
        return schools;
    }

    static void checkSchools(Set<UserRole> roles, Set<String> schools) {
        if (roles.contains(UserRole.DIRECTOR) && roles.contains(UserRole.INSPECTOR)) {
            // one user has one list of schools: both roles together would let an inspector write
            throw new InvalidValueException("roles", "A user is either a director or an inspector of their schools,"
                    + " not both: create two users (one per role) if a person needs both.");
        }
        if (!roles.contains(UserRole.ADMIN) && schools.isEmpty()) {
            throw new InvalidValueException("schools", "A director or inspector needs at least one school (UAI).");
        }
    }
}
