package fr.intrascol.sync.app.users;

import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import fr.intrascol.sync.app.web.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Who may do what: administrators create and change users; everyone can read who they are. */
@RestController
public class UsersController {

    public static final int MIN_PASSWORD_LENGTH = 10;
    /** BCrypt reads 72 bytes at most. */
    public static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._@-]{2,64}");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UsersController.class);

    private final UserRepository users;
    private final PasswordEncoder encoder;

    public UsersController(UserRepository users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
    }

    public record NewUser(String username, String password, List<String> roles, List<String> schools) {
    }

    /** Any field left out stays as it is. */
    public record UserChange(String password, List<String> roles, List<String> schools, Boolean enabled) {
    }

    /** A user as the API shows it: never the password hash. */
    public record UserView(String username, Set<UserRole> roles, Set<String> schools, boolean enabled) {
        static UserView of(AppUser user) {
            return new UserView(user.username(), user.roles(), user.schools(), user.enabled());
        }
    }

    @PostMapping("/api/users")
    public ResponseEntity<UserView> create(@RequestBody NewUser request) {
        if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            throw new InvalidValueException("username",
                    "The user name must be 2 to 64 letters, digits or . _ @ - characters.");
        }
        checkPassword(request.password());
        Set<UserRole> roles = roles(request.roles());
        Set<String> schools = schools(request.schools());
        checkSchools(roles, schools);
        AppUser user = new AppUser(request.username(), encoder.encode(request.password()), roles, schools, true);
        if (!users.insert(user, SchoolAccess.currentUser().username())) {
            throw new CommandRejectedException(CommandRejectedException.Kind.CONFLICT, "USERNAME_TAKEN",
                    "The user name '" + request.username() + "' is already taken.", request.username());
        }
        log.info("User {} created by {}: roles {}, schools {}", user.username(),
                SchoolAccess.currentUser().username(), roles, schools);
        return ResponseEntity.created(URI.create("/api/users/" + user.username())).body(UserView.of(user));
    }

    @PatchMapping("/api/users/{username}")
    public UserView change(@PathVariable String username, @RequestBody UserChange change) {
        AppUser current = users.find(username)
                .orElseThrow(() -> new NotFoundException("There is no user named '" + username + "'."));
        if (change.password() != null) {
            checkPassword(change.password());
        }
        Set<UserRole> roles = change.roles() != null ? roles(change.roles()) : current.roles();
        Set<String> schools = change.schools() != null ? schools(change.schools()) : current.schools();
        boolean enabled = change.enabled() != null ? change.enabled() : current.enabled();
        checkSchools(roles, schools);
        if (username.equals(SchoolAccess.currentUser().username()) && (!enabled || !roles.contains(UserRole.ADMIN))) {
            throw new InvalidValueException(enabled ? "roles" : "enabled", "You cannot remove your own administrator"
                    + " rights or disable yourself: ask another administrator.");
        }
        AppUser updated = new AppUser(username,
                change.password() != null ? encoder.encode(change.password()) : current.passwordHash(),
                roles, schools, enabled);
        users.update(updated);
        log.info("User {} changed by {}: roles {}, schools {}, enabled {}, password {}", username,
                SchoolAccess.currentUser().username(), roles, schools, enabled,
                change.password() != null ? "changed" : "unchanged");
        return UserView.of(updated);
    }

    @GetMapping("/api/users/{username}")
    public UserView get(@PathVariable String username) {
        return users.find(username).map(UserView::of)
                .orElseThrow(() -> new NotFoundException("There is no user named '" + username + "'."));
    }

    /** Anyone changes their own password by giving the current one. */
    public record PasswordChange(String currentPassword, String newPassword) {
    }

    @PostMapping("/api/me/password")
    public ResponseEntity<Void> changeOwnPassword(@RequestBody PasswordChange change) {
        AppUser me = users.find(SchoolAccess.currentUser().username())
                .orElseThrow(() -> new NotFoundException("Your user no longer exists."));
        if (change.currentPassword() == null || !encoder.matches(change.currentPassword(), me.passwordHash())) {
            throw new InvalidValueException("currentPassword", "The current password is not right.");
        }
        checkPassword("newPassword", change.newPassword());
        users.update(new AppUser(me.username(), encoder.encode(change.newPassword()), me.roles(), me.schools(),
                me.enabled()));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/users")
    public List<UserView> list() {
        return users.findAll().stream().map(UserView::of).toList();
    }

    private static void checkPassword(String password) {
        checkPassword("password", password);
    }

    private static void checkPassword(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidValueException(field,
                    "The password must be at least " + MIN_PASSWORD_LENGTH + " characters long.");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidValueException(field, "The password is too long: at most " + MAX_PASSWORD_BYTES
                    + " bytes (about 70 letters, fewer with accents).");
        }
    }

    private static Set<UserRole> roles(List<String> names) {
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

    private static Set<String> schools(List<String> uais) {
        Set<String> schools = new TreeSet<>();
        for (String uai : uais == null ? List.<String>of() : uais) {
            schools.add(new Uai(uai).value());
        }
        return schools;
    }

    private static void checkSchools(Set<UserRole> roles, Set<String> schools) {
        if (roles.contains(UserRole.DIRECTOR) && roles.contains(UserRole.INSPECTOR)) {
            // one user has one list of schools: both roles together would let an inspector write
            throw new InvalidValueException("roles", "A user is either a director or an inspector of their schools,"
                    + " not both: create two users (one per role) if a person needs both.");
        }
        if (!roles.contains(UserRole.ADMIN) && schools.isEmpty()) {
            throw new InvalidValueException("schools", "A director or inspector needs at least one school (UAI).");
        }
    }

    @GetMapping("/api/me")
    public UserView me() {
        return UserView.of(SchoolAccess.currentUser());
    }
}
