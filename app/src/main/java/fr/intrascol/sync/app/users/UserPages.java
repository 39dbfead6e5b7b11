package fr.intrascol.sync.app.users;

import fr.intrascol.sync.app.schools.SchoolService;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.InvalidValueException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The administrators' pages of the application's users: the list, a new user, one user's page (enable or
 * disable, roles and schools, a new password, API tokens) and the journal of user administration. Every
 * change goes through {@link UserAdministration} and {@link ApiTokens}, as the API's do, so the same rules,
 * audit and session ends apply; a refusal comes back in French beside what was typed.
 */
@WebPage
public class UserPages {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Lines of the journal per page. */
    public static final int JOURNAL_PAGE_SIZE = 50;

    private final UserAdministration administration;
    private final UserRepository users;
    private final ApiTokens tokens;
    private final UserAdminAudit audit;
    private final SchoolService schools;
    private final FrenchMessages french;
    private final FrenchText texts;

    public UserPages(UserAdministration administration, UserRepository users, ApiTokens tokens, UserAdminAudit audit,
                     SchoolService schools, FrenchMessages french, FrenchText texts) {
        this.administration = administration;
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.schools = schools;
        this.french = french;
        this.texts = texts;
    }

    /** What the user forms send: roles as checkboxes, schools as UAIs separated by spaces or commas. */
    public record UserForm(String username, String password, List<String> roles, String schools) {

        public UserForm {
            roles = roles == null ? List.of() : roles;
        }

        public boolean has(String role) {
            return roles.contains(role);
        }

        List<String> uais() {
            return schools == null ? List.of() : Arrays.stream(schools.split("[\\s,;]+"))
                    .filter(s -> !s.isBlank()).toList();
        }

        static UserForm of(AppUser user) {
            return new UserForm(user.username(), null, user.roles().stream().map(Enum::name).toList(),
                    String.join(" ", user.schools()));
        }
    }

    /** A user as the pages show them: roles in French, each school with its name. */
    public record UserRow(String username, List<String> roles, List<SchoolLabel> schools, boolean enabled,
                          boolean admin) {
    }

    public record SchoolLabel(String uai, String name) {
    }

    /** A token as the user page lists it: dates in French, never the token. */
    public record TokenRow(String id, String label, String created, String createdBy, String lastUsed) {
    }

    /** A line of the journal, in French. */
    public record JournalRow(String at, String actor, String action, String target, String details) {
    }

    // ------------------------------------------------------------------------------------- list

    @GetMapping("/admin/utilisateurs")
    public String list(Model model) {
        requireAdmin();
        Map<String, String> names = schoolNames();
        model.addAttribute("users", users.findAll().stream().map(u -> row(u, names)).toList());
        return "users/list";
    }

    // --------------------------------------------------------------------------------- new user

    @GetMapping("/admin/utilisateurs/nouveau")
    public String newUser(Model model) {
        requireAdmin();
        return form(model, new UserForm("", "", List.of(), ""));
    }

    @PostMapping("/admin/utilisateurs/nouveau")
    public String create(UserForm typed, Model model, RedirectAttributes next) {
        requireAdmin();
        boolean generated = typed.password() == null || typed.password().isEmpty();
        String password = generated ? randomPassword() : typed.password();
        try {
            administration.create(typed.username() == null ? null : typed.username().strip(), password,
                    typed.roles(), typed.uais(), null);
        } catch (RuntimeException e) {
            refused(model, e, typed.username(), password);
            return form(model, new UserForm(typed.username(), "", typed.roles(), typed.schools()));
        }
        next.addFlashAttribute("notice", "L’utilisateur " + typed.username().strip() + " a été créé.");
        next.addFlashAttribute("newPassword", password);
        next.addFlashAttribute("passwordGenerated", generated);
        return "redirect:/admin/utilisateurs/" + typed.username().strip();
    }

    private String form(Model model, UserForm form) {
        model.addAttribute("form", form);
        model.addAttribute("schoolChoices", schools());
        return "users/new";
    }

    // ------------------------------------------------------------------------------- one user

    @GetMapping("/admin/utilisateurs/{username}")
    public String user(@PathVariable String username, Model model) {
        requireAdmin();
        AppUser user = find(username);
        return userPage(model, user, UserForm.of(user));
    }

    @PostMapping("/admin/utilisateurs/{username}/acces")
    public String access(@PathVariable String username, UserForm typed, Model model, RedirectAttributes next) {
        requireAdmin();
        AppUser user = find(username);
        try {
            notMyself(username, "roles", typed.roles().contains(UserRole.ADMIN.name()));
            administration.change(username, null, typed.roles(), typed.uais(), null, null);
        } catch (RuntimeException e) {
            refused(model, e);
            return userPage(model, user, new UserForm(username, null, typed.roles(), typed.schools()));
        }
        next.addFlashAttribute("notice", "Les rôles et les écoles de " + username + " ont été enregistrés.");
        return "redirect:/admin/utilisateurs/" + username;
    }

    @PostMapping("/admin/utilisateurs/{username}/desactiver")
    public String disable(@PathVariable String username, Model model, RedirectAttributes next) {
        return enable(username, false, model, next);
    }

    @PostMapping("/admin/utilisateurs/{username}/activer")
    public String enable(@PathVariable String username, Model model, RedirectAttributes next) {
        return enable(username, true, model, next);
    }

    private String enable(String username, boolean enabled, Model model, RedirectAttributes next) {
        requireAdmin();
        AppUser user = find(username);
        try {
            notMyself(username, "enabled", enabled);
            administration.change(username, null, null, null, enabled, null);
        } catch (RuntimeException e) {
            refused(model, e);
            return userPage(model, user, UserForm.of(user));
        }
        next.addFlashAttribute("notice", enabled ? username + " peut de nouveau se connecter."
                : username + " est désactivé : il ne peut plus se connecter ni utiliser ses jetons d’accès.");
        return "redirect:/admin/utilisateurs/" + username;
    }

    /** A new password: the one the administrator typed, or one made up and shown once. */
    @PostMapping("/admin/utilisateurs/{username}/mot-de-passe")
    public String resetPassword(@PathVariable String username,
                                @RequestParam(name = "password", required = false) String typed,
                                Model model, RedirectAttributes next) {
        requireAdmin();
        AppUser user = find(username);
        boolean generated = typed == null || typed.isEmpty();
        String password = generated ? randomPassword() : typed;
        try {
            administration.change(username, password, null, null, null, null);
        } catch (RuntimeException e) {
            refused(model, e, username, password);
            return userPage(model, user, UserForm.of(user));
        }
        next.addFlashAttribute("notice", "Le mot de passe de " + username + " a été changé.");
        next.addFlashAttribute("newPassword", password);
        next.addFlashAttribute("passwordGenerated", generated);
        return "redirect:/admin/utilisateurs/" + username;
    }

    // ------------------------------------------------------------------------------- API tokens

    @PostMapping("/admin/utilisateurs/{username}/jetons")
    public String issueToken(@PathVariable String username, @RequestParam(name = "label", required = false) String label,
                             Model model, RedirectAttributes next) {
        requireAdmin();
        AppUser user = find(username);
        ApiTokens.IssuedToken issued;
        try {
            issued = tokens.issue(username, label);
        } catch (RuntimeException e) {
            refused(model, e);
            model.addAttribute("tokenLabel", label);
            return userPage(model, user, UserForm.of(user));
        }
        next.addFlashAttribute("issuedToken", issued.token());
        next.addFlashAttribute("issuedLabel", issued.label());
        return "redirect:/admin/utilisateurs/" + username + "#jetons";
    }

    @PostMapping("/admin/utilisateurs/{username}/jetons/{tokenId}/revoquer")
    public String revokeToken(@PathVariable String username, @PathVariable String tokenId, RedirectAttributes next) {
        requireAdmin();
        find(username);
        String label = tokens.list(username).stream().filter(t -> t.tokenId().equals(tokenId))
                .map(ApiTokens.TokenInfo::label).findFirst().orElse(null);
        if (label == null) {
            next.addFlashAttribute("notice", "Ce jeton avait déjà été révoqué.");
        } else {
            tokens.revoke(username, tokenId);
            next.addFlashAttribute("notice", "Le jeton « " + label + " » a été révoqué : il ne donne plus accès à l’API.");
        }
        return "redirect:/admin/utilisateurs/" + username + "#jetons";
    }

    // ---------------------------------------------------------------------------------- journal

    @GetMapping("/admin/utilisateurs/journal")
    public String journal(@RequestParam(name = "utilisateur", required = false) String user,
                          @RequestParam(name = "page", defaultValue = "1") int page, Model model) {
        requireAdmin();
        int index = Math.max(page, 1) - 1;
        UserAdminAudit.Page lines = audit.page(user == null ? null : user.strip(), index, JOURNAL_PAGE_SIZE);
        long pages = Math.max(1, (lines.total() + JOURNAL_PAGE_SIZE - 1) / JOURNAL_PAGE_SIZE);
        model.addAttribute("lines", lines.items().stream().map(this::journalRow).toList());
        model.addAttribute("total", lines.total());
        model.addAttribute("page", index + 1);
        model.addAttribute("pages", pages);
        model.addAttribute("user", user == null ? "" : user.strip());
        return "users/journal";
    }

    private JournalRow journalRow(UserAdminAudit.Entry entry) {
        return new JournalRow(texts.at(entry.at()), entry.actor(), word("user.audit.", entry.action()),
                entry.target(), details(entry.details()));
    }

    /** The details of a line in French words: roles and schools as they are named, token labels. */
    private String details(Map<String, Object> details) {
        if (details == null || details.isEmpty()) {
            return "";
        }
        return details.entrySet().stream()
                .filter(e -> !e.getKey().equals("tokenId"))
                .map(e -> word("user.audit.detail.", e.getKey()) + " : " + value(e.getValue()))
                .collect(Collectors.joining(" ; "));
    }

    /** The French word of a code, or the code itself when nobody wrote one (a newer action). */
    private String word(String prefix, String code) {
        String word = french.text(prefix + code);
        return word.equals(prefix + code) ? code : word;
    }

    private String value(Object value) {
        if (value instanceof java.util.Collection<?> many) {
            return many.stream().map(this::value).collect(Collectors.joining(", "));
        }
        String text = String.valueOf(value);
        for (UserRole role : UserRole.values()) {
            if (role.name().equals(text)) {
                return french.text("user.role." + text);
            }
        }
        if (value instanceof Boolean yes) {
            return yes ? "oui" : "non";
        }
        return text;
    }

    // ------------------------------------------------------------------------------------ pages

    private String userPage(Model model, AppUser user, UserForm form) {
        model.addAttribute("user", row(user, schoolNames()));
        model.addAttribute("mustChange", user.mustChangePassword());
        model.addAttribute("tokens", tokens.list(user.username()).stream()
                .map(t -> new TokenRow(t.tokenId(), t.label(), texts.at(t.createdAt()), t.createdBy(),
                        t.lastUsedAt() == null ? null : texts.at(t.lastUsedAt())))
                .toList());
        model.addAttribute("form", form);
        model.addAttribute("myself", user.username().equals(SchoolAccess.currentUser().username()));
        model.addAttribute("schoolChoices", schools());
        return "users/user";
    }

    // ---------------------------------------------------------------------------------- helpers

    private AppUser find(String username) {
        return users.find(username)
                .orElseThrow(() -> new NotFoundException("There is no user named '" + username + "'."));
    }

    /** An administrator cannot lock themselves out: another administrator must do it. */
    private static void notMyself(String username, String field, boolean keeps) {
        if (username.equals(SchoolAccess.currentUser().username()) && !keeps) {
            throw new PageRefusal(field, "Vous ne pouvez pas retirer vos propres droits d’administrateur ni vous"
                    + " désactiver : demandez-le à un autre administrateur.");
        }
    }

    /** A refusal the page words itself. */
    static final class PageRefusal extends RuntimeException {
        final String field;

        PageRefusal(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    /**
     * A refusal of a password by the policy, in French, rule by rule: the policy refuses them all on the same
     * field, so the page finds which rule it was from the policy's public limits (the list of common
     * passwords being the only one left).
     */
    private void refused(Model model, RuntimeException e, String username, String password) {
        refused(model, e);
        if (e instanceof InvalidValueException invalid && invalid.field() != null
                && invalid.field().toLowerCase(java.util.Locale.ROOT).contains("password")) {
            String rule = passwordRefusal(french, username, password);
            model.addAttribute("error", rule != null ? rule : french.text("user.password.common"));
            model.addAttribute("errorField", "password");
        }
    }

    /** Which of the policy's public rules the password breaks, in French; null when none of them. */
    static String passwordRefusal(FrenchMessages french, String username, String password) {
        if (password == null || password.codePointCount(0, password.length()) < StaffPasswordPolicy.MIN_LENGTH) {
            return french.text("user.password.too-short", String.valueOf(StaffPasswordPolicy.MIN_LENGTH));
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > StaffPasswordPolicy.MAX_BYTES) {
            return french.text("user.password.too-long", String.valueOf(StaffPasswordPolicy.MAX_BYTES));
        }
        if (username != null && !username.isBlank() && password.toLowerCase(java.util.Locale.ROOT)
                .contains(username.strip().toLowerCase(java.util.Locale.ROOT))) {
            return french.text("user.password.contains-username");
        }
        return null;
    }

    /** Puts a refusal of the input in the model, in French; anything else goes on to the error pages. */
    private void refused(Model model, RuntimeException e) {
        if (e instanceof PageRefusal page) {
            model.addAttribute("error", page.getMessage());
            model.addAttribute("errorField", page.field);
            return;
        }
        String field = null;
        boolean refusal = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidValueException invalid) {
                field = invalid.field();
                refusal = true;
                break;
            }
            if (t instanceof CommandRejectedException rejected) {
                field = "USERNAME_TAKEN".equals(rejected.code()) ? "username" : null;
                refusal = true;
                break;
            }
        }
        if (!refusal) {
            throw e;
        }
        model.addAttribute("error", french.describe(e));
        model.addAttribute("errorField", "uai".equals(field) ? "schools" : field);
    }

    private UserRow row(AppUser user, Map<String, String> names) {
        return new UserRow(user.username(),
                Arrays.stream(UserRole.values()).filter(user.roles()::contains)
                        .map(r -> french.text("user.role." + r.name())).toList(),
                user.schools().stream().sorted().map(uai -> new SchoolLabel(uai, names.getOrDefault(uai, "")))
                        .toList(),
                user.enabled(), user.has(UserRole.ADMIN));
    }

    private List<SchoolView> schools() {
        return schools.readable();
    }

    private Map<String, String> schoolNames() {
        return schools().stream().collect(Collectors.toMap(SchoolView::uai, SchoolView::name, (a, b) -> a,
                LinkedHashMap::new));
    }

    static String randomPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** {@code /admin/**} is for administrators already (security configuration); said again here. */
    static void requireAdmin() {
        if (!SchoolAccess.currentUser().has(UserRole.ADMIN)) {
            throw new AccessDeniedException("User administration is for administrators.");
        }
    }
}
