package fr.intrascol.sync.app.schools;

import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every page under {@code /schools/{uai}} is refused, before its handler runs, to a user who may not read
 * that school: a director who types another school's address gets « Accès refusé » (403), whichever page
 * it is and even where a page would forget to ask {@link SchoolAccess}. Each handler still checks read or
 * write access itself; this is the floor under them.
 */
@Configuration(proxyBeanMethods = false)
public class SchoolAccessGuard implements WebMvcConfigurer, HandlerInterceptor {

    private static final String PREFIX = "/schools/";

    private final SchoolAccess access;

    public SchoolAccessGuard(SchoolAccess access) {
        this.access = access;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/schools/*", "/schools/*/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(PREFIX)) {
            String segment = path.substring(PREFIX.length()).split("/", 2)[0];
            Uai uai;
            try {
                uai = new Uai(segment);
            } catch (InvalidValueException e) {
                return true; // not a school's address: the page (or the 404) answers
            }
            access.requireRead(uai);
        }
        return true;
    }
}
