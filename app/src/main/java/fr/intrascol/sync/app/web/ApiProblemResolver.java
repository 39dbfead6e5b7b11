package fr.intrascol.sync.app.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;

/**
 * Problem details for the API failures that happen before any controller is chosen, which the
 * controllers' advice ({@link ApiExceptionHandler}) never sees: no such path (404), a method (405) or a
 * content type (415) the path does not take, a multipart body that cannot be parsed, an upload's file
 * name with a control character. Spring would otherwise answer them with its own error body. Only under
 * {@code /api}; the pages keep their French error pages. Runs before Spring MVC's own resolvers.
 */
@Component
public class ApiProblemResolver implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemResolver.class);

    private final ApiExceptionHandler api;
    private final Problems problems;

    public ApiProblemResolver(ApiExceptionHandler api, Problems problems) {
        this.api = api;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return -1;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception e) {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || handler instanceof HandlerMethod method
                && AnnotatedElementUtils.hasAnnotation(method.getBeanType(), RestController.class)
                || e instanceof MaxUploadSizeExceededException || response.isCommitted()) {
            return null;
        }
        ResponseEntity<Object> answer = api.answer(e, new ServletWebRequest(request, response));
        if (!(answer.getBody() instanceof ProblemDetail problem)) {
            return null;
        }
        try {
            response.reset();
            answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            problems.write(request, response, problem);
        } catch (IOException | IllegalStateException failed) {
            log.debug("Could not write the problem detail of {}", e.toString(), failed);
            return null;
        }
        return new ModelAndView();
    }
}
