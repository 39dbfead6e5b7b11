package fr.intrascol.sync.app.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

import java.util.HashMap;
import java.util.Map;

/**
 * The page of an error no controller answered (an address that leads nowhere, a failure before any page):
 * Spring Boot's error controller renders {@code error.html} through this resolver, with the signed-in user
 * added so that the page keeps its menu like every other one (the controller advice {@link PageModel} only
 * reaches {@link WebPage} controllers).
 */
@Component
public class ErrorPages implements ErrorViewResolver {

    private final PageModel pageModel;

    public ErrorPages(PageModel pageModel) {
        this.pageModel = pageModel;
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        Map<String, Object> page = new HashMap<>(model);
        page.put("me", pageModel.me());
        return new ModelAndView("error", page, status);
    }
}
