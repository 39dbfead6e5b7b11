package fr.intrascol.sync.app.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import fr.intrascol.sync.app.web.Busy;
import fr.intrascol.sync.app.web.UnknownSchoolException;
import fr.intrascol.sync.message.value.Uai;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.UUID;

/**
 * A refusal that a page did not handle itself becomes a French page that says what happened and where
 * to go; forms handle their own refusals, to show them beside the user's input. Unexpected failures are
 * logged with a reference the page shows, and nothing of their internals reaches the page.
 */
@ControllerAdvice(annotations = WebPage.class)
public class PageErrors {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    private final FrenchMessages french;
    private final PageModel pageModel;

    public PageErrors(FrenchMessages french, PageModel pageModel) {
        this.french = french;
        this.pageModel = pageModel;
    }


    @ExceptionHandler(AccessDeniedException.class)
    public String forbidden(AccessDeniedException e, Model model, HttpServletResponse response) {
        return page(model, response, HttpStatus.FORBIDDEN, "Accès refusé", french.describe(e));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public String noPage(NoResourceFoundException e, Model model, HttpServletResponse response) {
        return page(model, response, HttpStatus.NOT_FOUND, "Page introuvable", french.text("not-found"));
    }

    /** A school's address whose school does not exist (or whose UAI cannot exist): 404, never « Action impossible ». */
    @ExceptionHandler(UnknownSchoolException.class)
    public String unknownSchool(UnknownSchoolException e, Model model, HttpServletResponse response) {
        return page(model, response, HttpStatus.NOT_FOUND, "École introuvable", french.text("school.unknown"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public String badAddress(MethodArgumentTypeMismatchException e, Model model, HttpServletResponse response) {
        if (Uai.class.equals(e.getRequiredType())) {
            return unknownSchool(null, model, response);
        }
        return refused(e, model, response);
    }

    @ExceptionHandler(Exception.class)
    public String refused(Exception e, Model model, HttpServletResponse response) {
        String message = french.describe(e);
        if (message.equals(french.text("unexpected"))) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            log.error("Unexpected failure on a page (reference {})", reference, e);
            return page(model, response, HttpStatus.INTERNAL_SERVER_ERROR, "Une erreur est survenue",
                    message + " Référence à donner à l’équipe TICE : " + reference + ".");
        }
        if (Busy.of(e) != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Busy.RETRY_AFTER_SECONDS));
            return page(model, response, HttpStatus.SERVICE_UNAVAILABLE, "Service très sollicité", message);
        }
        return page(model, response, status(e), "Action impossible", message);
    }

    private static HttpStatus status(Exception e) {
        String name = e.getClass().getSimpleName();
        return name.contains("NotFound") ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
    }

    /** Exception handlers get a fresh model: the layout's user is put back, so the page keeps its menu. */
    private String page(Model model, HttpServletResponse response, HttpStatus status, String title,
                        String message) {
        model.addAttribute("me", pageModel.me());
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("title", title);
        model.addAttribute("message", message);
        return "error";
    }
}
