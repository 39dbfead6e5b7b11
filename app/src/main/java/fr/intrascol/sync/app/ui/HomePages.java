package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.app.security.SchoolAccess;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.ui.Model;
import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The sign-in page, and where each role lands after it: a director on their school, the ICT staff on
 * the list of schools, an inspector on the reports.
 */
@WebPage
public class HomePages {

    private final FrenchMessages french;

    public HomePages(FrenchMessages french) {
        this.french = french;
    }

    @GetMapping("/login")
    public String login() {
        return "login";
    }

    @GetMapping("/")
    public String home() {
        AppUser user = SchoolAccess.currentUser();
        if (user.has(UserRole.ADMIN)) {
            return "redirect:/schools";
        }
        if (user.has(UserRole.DIRECTOR)) {
            return user.schools().size() == 1 ? "redirect:/schools/" + user.schools().iterator().next()
                    : "redirect:/schools";
        }
        return "redirect:/reports";
    }

    /**
     * Where Spring Security sends a refused page request (a refusal before any controller). Any method: a POST
     * refused for its missing CSRF token is forwarded here as a POST.
     */
    @RequestMapping("/error/forbidden")
    public String forbidden(Model model, HttpServletResponse response) {
        response.setStatus(403);
        model.addAttribute("status", 403);
        model.addAttribute("title", "Accès refusé");
        model.addAttribute("message", "Vous n’avez pas accès à cette page. Revenez à votre page d’accueil.");
        return "error";
    }

    /** Where an upload above the size limit is sent (it was refused before anything read it). */
    @GetMapping("/error/too-large")
    public String tooLarge(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        model.addAttribute("status", 413);
        model.addAttribute("title", "Fichier trop volumineux");
        model.addAttribute("message", french.text("file.TOO_LARGE_UPLOAD"));
        return "error";
    }
}
