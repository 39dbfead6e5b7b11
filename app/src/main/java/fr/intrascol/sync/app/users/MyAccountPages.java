package fr.intrascol.sync.app.users;

import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.message.value.InvalidValueException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Objects;

/**
 * « Mon compte », for everyone signed in: who they are, and changing their own password (the current one,
 * the new one twice). The change goes through {@link UserAdministration}, as {@code POST /api/me/password}
 * does: the same policy, the audit, the other sessions ended and this one kept.
 */
@WebPage
public class MyAccountPages {

    private final UserAdministration administration;
    private final UserRepository users;
    private final FrenchMessages french;

    public MyAccountPages(UserAdministration administration, UserRepository users, FrenchMessages french) {
        this.administration = administration;
        this.users = users;
        this.french = french;
    }

    @GetMapping("/mon-compte")
    public String page(Model model) {
        return page(model, SchoolAccess.currentUser());
    }

    @PostMapping("/mon-compte/mot-de-passe")
    public String changePassword(@RequestParam(name = "currentPassword", required = false) String current,
                                 @RequestParam(name = "newPassword", required = false) String password,
                                 @RequestParam(name = "confirmation", required = false) String confirmation,
                                 Model model, RedirectAttributes next) {
        AppUser me = SchoolAccess.currentUser();
        try {
            if (password != null && !password.isEmpty() && !Objects.equals(password, confirmation)) {
                model.addAttribute("error", french.text("invalid.confirmation"));
                model.addAttribute("errorField", "confirmation");
                return page(model, me);
            }
            administration.changeOwnPassword(current, password);
        } catch (InvalidValueException e) {
            boolean aboutNew = !"currentPassword".equals(e.field());
            model.addAttribute("error", aboutNew ? newPasswordRefusal(me.username(), current, password)
                    : french.describe(e));
            model.addAttribute("errorField", aboutNew ? "newPassword" : e.field());
            return page(model, me);
        }
        next.addFlashAttribute("notice", "Votre mot de passe a été changé. Utilisez-le à votre prochaine connexion.");
        return "redirect:/mon-compte";
    }

    /** The policy's rule the new password breaks, or that it is the current one, in French. */
    private String newPasswordRefusal(String username, String current, String password) {
        String rule = UserPages.passwordRefusal(french, username, password);
        if (rule != null) {
            return rule;
        }
        return Objects.equals(current, password) ? french.text("user.password.same")
                : french.text("user.password.common");
    }

    private String page(Model model, AppUser me) {
        AppUser stored = users.find(me.username()).orElse(me);
        model.addAttribute("account", stored);
        model.addAttribute("mustChange", stored.mustChangePassword());
        return "users/my-account";
    }
}
