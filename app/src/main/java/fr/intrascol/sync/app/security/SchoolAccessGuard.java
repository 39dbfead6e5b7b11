package fr.intrascol.sync.app.security;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.imports.ImportService;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.message.query.ImportView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The one place where access to a school's data is checked, for the API and the pages alike, before any
 * handler runs. A request concerns the schools it names: in its path ({@code {uai}}, or the school of the
 * import {@code {importId}} or of the account {@code {accountId}} / {@code /accounts/{id}} it addresses), or
 * in its {@code school} / {@code schools} parameters. It needs read access to each for a safe method
 * (GET, HEAD) and write access for any other, or for a GET handler marked {@link SchoolWrite}; otherwise it
 * is refused — 403 problem details under /api, « Accès refusé » on a page — whichever handler it would
 * reach, so that no handler or service has to remember to ask. An import or account that does not exist
 * is 404 here. Handlers still ask {@link SchoolAccess#canWrite} to show or hide actions, and lists of
 * several schools are scoped by {@link SchoolAccess#readableSchools}.
 */
@Configuration(proxyBeanMethods = false)
public class SchoolAccessGuard implements WebMvcConfigurer, HandlerInterceptor {

    private final SchoolAccess access;
    private final ImportService imports;
    private final AccountReadModel accounts;

    public SchoolAccessGuard(SchoolAccess access, @Lazy ImportService imports, @Lazy AccountReadModel accounts) {
        this.access = access;
        this.imports = imports;
        this.accounts = accounts;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Set<Uai> schools = schoolsOf(request);
        if (schools.isEmpty()) {
            return true;
        }
        boolean write = !isSafe(request.getMethod()) || method.hasMethodAnnotation(SchoolWrite.class);
        for (Uai uai : schools) {
            if (write) {
                access.requireWrite(uai);
            } else {
                access.requireRead(uai);
            }
        }
        return true;
    }

    private Set<Uai> schoolsOf(HttpServletRequest request) {
        Set<Uai> schools = new LinkedHashSet<>();
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null) {
            String uai = variables.get("uai");
            if (uai != null) {
                uaiOrNull(uai, schools);
            }
            String importId = variables.get("importId");
            if (importId != null) {
                schools.add(new Uai(imports.findSummary(importId).map(ImportView::uai).orElseThrow(
                        () -> new NotFoundException("Import " + importId + " does not exist."))));
            }
            String accountId = variables.get("accountId");
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (accountId == null && (path.startsWith("/accounts/") || path.startsWith("/api/accounts/"))) {
                accountId = variables.get("id");
            }
            if (accountId != null) {
                schools.add(new Uai(accounts.requireAccount(new AccountId(accountId)).uai()));
            }
        }
        for (String name : new String[]{"school", "schools"}) {
            String[] values = request.getParameterValues(name);
            if (values != null) {
                for (String value : values) {
                    for (String one : value.split(",")) {
                        if (!one.isBlank()) {
                            schools.add(new Uai(one.strip()));
                        }
                    }
                }
            }
        }
        return schools;
    }

    /** A path segment that is not a well-formed UAI names no school: the page (or the 404) answers. */
    private static void uaiOrNull(String segment, Set<Uai> schools) {
        try {
            schools.add(new Uai(segment));
        } catch (InvalidValueException e) {
            // not a school's address
        }
    }

    private static boolean isSafe(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }
}
