package fr.intrascol.sync.app.users;

import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.value.InvalidValueException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Who may do what: administrators create and change users, issue and revoke their API tokens and read the
 * audit of all that; everyone can read who they are and change their own password.
 */
@RestController
public class UsersController {

    /**
     * The bootstrap administrator's configured password only (README's first command): every other staff
     * password follows {@link StaffPasswordPolicy}.
     */
    public static final int MIN_PASSWORD_LENGTH = 10;
    /** BCrypt reads 72 bytes at most. */
    public static final int MAX_PASSWORD_BYTES = StaffPasswordPolicy.MAX_BYTES;

    private final UserRepository users;
    private final UserAdministration administration;
    private final ApiTokens tokens;
    private final UserAdminAudit audit;

    public UsersController(UserRepository users, UserAdministration administration, ApiTokens tokens,
                           UserAdminAudit audit) {
        this.users = users;
        this.administration = administration;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** {@code mustChangePassword} left out: true, the user chooses their own password at first sign-in. */
    public record NewUser(String username, String password, List<String> roles, List<String> schools,
                          Boolean mustChangePassword) {
        public NewUser(String username, String password, List<String> roles, List<String> schools) {
            this(username, password, roles, schools, null);
        }
    }

    /** Any field left out stays as it is; a new password must be changed at next sign-in unless told otherwise. */
    public record UserChange(String password, List<String> roles, List<String> schools, Boolean enabled,
                             Boolean mustChangePassword) {
        public UserChange(String password, List<String> roles, List<String> schools, Boolean enabled) {
            this(password, roles, schools, enabled, null);
        }
    }

    /** A user as the API shows it: never the password hash. */
    public record UserView(String username, Set<UserRole> roles, Set<String> schools, boolean enabled,
                           boolean mustChangePassword) {
        static UserView of(AppUser user) {
            return new UserView(user.username(), user.roles(), user.schools(), user.enabled(),
                    user.mustChangePassword());
        }
    }

    @PostMapping("/api/users")
    public ResponseEntity<UserView> create(@RequestBody NewUser request) {
        AppUser user = administration.create(request.username(), request.password(), request.roles(),
                request.schools(), request.mustChangePassword());
        return ResponseEntity.created(URI.create("/api/users/" + user.username())).body(UserView.of(user));
    }

    @PatchMapping("/api/users/{username}")
    public UserView change(@PathVariable String username, @RequestBody UserChange change) {
        return UserView.of(administration.change(username, change.password(), change.roles(), change.schools(),
                change.enabled(), change.mustChangePassword()));
    }

    @GetMapping("/api/users/{username}")
    public UserView get(@PathVariable String username) {
        return users.find(username).map(UserView::of)
                .orElseThrow(() -> new NotFoundException("There is no user named '" + username + "'."));
    }

    @GetMapping("/api/users")
    public List<UserView> list() {
        return users.findAll().stream().map(UserView::of).toList();
    }

    /** Anyone changes their own password by giving the current one. */
    public record PasswordChange(String currentPassword, String newPassword) {
    }

    @PostMapping("/api/me/password")
    public ResponseEntity<Void> changeOwnPassword(@RequestBody PasswordChange change) {
        administration.changeOwnPassword(change.currentPassword(), change.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/me")
    public UserView me() {
        return UserView.of(SchoolAccess.currentUser());
    }

    public record NewToken(String label) {
    }

    @PostMapping("/api/users/{username}/tokens")
    public ResponseEntity<ApiTokens.IssuedToken> issueToken(@PathVariable String username,
                                                           @RequestBody NewToken request) {
        ApiTokens.IssuedToken issued = tokens.issue(username, request.label());
        return ResponseEntity.created(URI.create("/api/users/" + username + "/tokens/" + issued.tokenId()))
                .header("Cache-Control", "no-store").body(issued);
    }

    @GetMapping("/api/users/{username}/tokens")
    public List<ApiTokens.TokenInfo> listTokens(@PathVariable String username) {
        return tokens.list(username);
    }

    @DeleteMapping("/api/users/{username}/tokens/{tokenId}")
    public ResponseEntity<Void> revokeToken(@PathVariable String username, @PathVariable String tokenId) {
        tokens.revoke(username, tokenId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/admin/user-audit")
    public UserAdminAudit.Page userAudit(@RequestParam(required = false) String user,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            throw new InvalidValueException("page", "The page number starts at 0.");
        }
        if (size < 1 || size > UserAdminAudit.MAX_PAGE_SIZE) {
            throw new InvalidValueException("size", "The page size is 1 to " + UserAdminAudit.MAX_PAGE_SIZE + ".");
        }
        return audit.page(user, page, size);
    }
}
