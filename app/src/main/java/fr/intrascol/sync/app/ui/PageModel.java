package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.List;

/** What every page's layout needs: who is signed in and what they may reach. */
@ControllerAdvice(annotations = WebPage.class)
public class PageModel {

    /** The signed-in user as the layout shows them; null on the sign-in page. */
    public record Me(String username, boolean admin, boolean director, boolean inspector, List<String> schools) {

        public String roleLabel() {
            if (admin) {
                return "Équipe TICE";
            }
            return director ? "Direction d’école" : inspector ? "Inspection" : "";
        }
    }

    @ModelAttribute("me")
    public Me me() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof AppUser user)) {
            return null;
        }
        return new Me(user.username(), user.has(UserRole.ADMIN), user.has(UserRole.DIRECTOR),
                user.has(UserRole.INSPECTOR), user.schools().stream().sorted().toList());
    }
}
