package fr.intrascol.sync.app.web;

import fr.intrascol.sync.query.intrascol.TargetRefusedException;
import fr.intrascol.sync.query.intrascol.TargetSync;
import fr.intrascol.sync.query.intrascol.TargetUnavailableException;
import fr.intrascol.sync.app.audit.ActorMetadata;
import fr.intrascol.sync.app.imports.ImportRejectedException;
import fr.intrascol.sync.app.reports.PeriodTooLongException;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.modelling.command.AggregateNotFoundException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.UUID;

/**
 * Turns every refusal into an RFC 9457 problem detail whose {@code detail} says what was wrong and
 * what to do. Unexpected failures get a reference to find them in the log, and no internals.
 */
@RestControllerAdvice(annotations = RestController.class)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(CommandRejectedException.class)
    ProblemDetail rejected(CommandRejectedException e) {
        ProblemDetail problem = switch (e.kind()) {
            case NOT_FOUND -> Problems.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
            case CONFLICT -> Problems.of(HttpStatus.CONFLICT, "conflict", e.getMessage());
            case STALE -> Problems.of(HttpStatus.CONFLICT, "concurrent-modification", e.getMessage());
            case INVALID -> Problems.of(HttpStatus.BAD_REQUEST, "invalid", e.getMessage());
        };
        if (e.code() != null) {
            problem.setProperty("code", e.code());
        }
        // a refusal that an explicit confirmation lifts names the field to send
        String confirmation = switch (e.code() == null ? "" : e.code()) {
            case "MASS_DEPARTURE" -> "confirmMassDeparture";
            case "OLDER_FILE" -> "confirmOlderFile";
            default -> null;
        };
        if (confirmation != null) {
            problem.setProperty("confirmWith", confirmation);
        }
        return problem;
    }

    @ExceptionHandler(InvalidValueException.class)
    ProblemDetail invalid(InvalidValueException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(PeriodTooLongException.class)
    ProblemDetail periodTooLong(PeriodTooLongException e) {
        ProblemDetail problem = invalid(e);
        problem.setProperty("maxPeriod", e.maxPeriod().toString());
        return problem;
    }

    @ExceptionHandler(MultipartException.class)
    ProblemDetail brokenUpload(MultipartException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid", BROKEN_MULTIPART);
    }

    static final String BROKEN_MULTIPART = "The upload is not a complete multipart/form-data body (its parts or"
            + " its closing boundary are missing or malformed), so nothing was read. Send the file again, e.g."
            + " curl -F file=@CSVExtraction.csv.";

    @ExceptionHandler(ImportRejectedException.class)
    ProblemDetail rejectedFile(ImportRejectedException e) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "rejected-file", e.getMessage());
        problem.setProperty("importId", e.importId());
        problem.setProperty("importStatus", "REJECTED");
        return problem;
    }

    @ExceptionHandler(TargetUnavailableException.class)
    ProblemDetail targetDown(TargetUnavailableException e) {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "target-unavailable", e.getMessage()
                + ". Nothing is lost: the changes wait and are pushed when the server answers again.");
    }

    @ExceptionHandler(TargetRefusedException.class)
    ProblemDetail targetRefused(TargetRefusedException e) {
        return Problems.of(HttpStatus.BAD_GATEWAY, "target-refused", e.getMessage()
                + ". Check the school's server and its configuration (PUT /api/schools/{uai}/target).");
    }

    @ExceptionHandler(TargetSync.NoTargetException.class)
    ProblemDetail noTarget(TargetSync.NoTargetException e) {
        return Problems.of(HttpStatus.CONFLICT, "no-target", e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail unknownSchool(AggregateNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "School " + e.getAggregateIdentifier()
                + " is not registered. Check the UAI, or ask an administrator to register the school.");
    }

    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ProblemDetail concurrent(Exception e) {
        return Problems.of(HttpStatus.CONFLICT, "concurrent-modification", "Someone else changed this school at"
                + " the same moment, and their change was saved first. Nothing of yours was saved:"
                + " reload and try again.");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
    }

    @ExceptionHandler(ActorMetadata.MissingActorException.class)
    ProblemDetail anonymous(ActorMetadata.MissingActorException e) {
        return Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Sign in first: changes are never anonymous.");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        InvalidValueException invalid = Causes.find(e, InvalidValueException.class);
        if (invalid != null && Uai.class.equals(e.getRequiredType()) && e.getValue() != null
                && e.getParameter().hasParameterAnnotation(PathVariable.class)
                && String.valueOf(e.getValue()).strip().toUpperCase(java.util.Locale.ROOT).matches("\\d{7}[A-Z]")) {
            // a well-formed UAI in an address whose check letter no school can have: there is no such school
            return notFound(new UnknownSchoolException(e.getValue(), invalid.getMessage()));
        }
        if (invalid != null) {
            return invalid(invalid);
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid",
                "'" + e.getValue() + "' is not a valid " + e.getName() + ".");
        problem.setProperty("field", e.getName());
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletResponse response) {
        ProblemDetail problem = unexpected(e);
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Busy.RETRY_AFTER_SECONDS));
        }
        return problem;
    }

    ProblemDetail unexpected(Exception e) {
        InvalidValueException invalid = Causes.find(e, InvalidValueException.class);
        if (invalid != null) {
            return invalid(invalid);
        }
        CommandRejectedException rejected = Causes.find(e, CommandRejectedException.class);
        if (rejected != null) {
            return rejected(rejected);
        }
        ProblemDetail busy = Busy.of(e);
        if (busy != null) {
            return busy;
        }
        if (nulRefusedByTheDatabase(e)) {
            return Problems.of(HttpStatus.BAD_REQUEST, "invalid", "A value sent contains a NUL character (U+0000),"
                    + " which no field accepts. Nothing was changed: remove it and try again.");
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure, reference {}", reference, e);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "Something went wrong on our side and nothing was changed. If it happens again, give this"
                        + " reference to your administrator: " + reference);
        problem.setProperty("reference", reference);
        return problem;
    }

    /**
     * The answer to any failure of an API request, for {@link ApiProblemResolver} (failures before a
     * controller is chosen): Spring MVC's own (404, 405, 415...) as this class words them, and the others
     * as the handlers above do.
     */
    ResponseEntity<Object> answer(Exception e, WebRequest request) {
        ProblemDetail problem;
        if (e instanceof MultipartException multipart) {
            problem = brokenUpload(multipart);
        } else if (e instanceof InvalidValueException invalid) {
            problem = invalid(invalid);
        } else {
            try {
                ResponseEntity<Object> standard = handleException(e, request);
                if (standard != null) {
                    return standard;
                }
            } catch (Exception notSpringMvcs) {
                // not one of Spring MVC's: answered below
            }
            problem = unexpected(e);
        }
        if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            return ResponseEntity.status(problem.getStatus())
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(Busy.RETRY_AFTER_SECONDS)).body(problem);
        }
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /**
     * Spring MVC's own refusals get this API's problem types and details a person can act on (Spring's
     * say "No static resource api/x." or nothing useful).
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof ErrorResponse response) {
            body = response.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "";
            String method = request instanceof ServletWebRequest servlet ? servlet.getRequest().getMethod() : "";
            String detail = switch (status.value()) {
                case 404 -> "There is nothing at " + path + ". Check the path; docs/api.md lists the API's paths.";
                case 405 -> path + " does not take " + method + (headers.getAllow().isEmpty() ? ""
                        : "; it takes " + headers.getAllow().stream().map(Object::toString).sorted()
                        .collect(java.util.stream.Collectors.joining(", "))) + ". See docs/api.md.";
                case 415 -> "The request body's Content-Type is not one " + path + " takes"
                        + (e instanceof HttpMediaTypeNotSupportedException unsupported
                        && !unsupported.getSupportedMediaTypes().isEmpty()
                        ? " (" + unsupported.getSupportedMediaTypes().stream().map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(", ")) + ")" : "")
                        + ". See docs/api.md.";
                case 406 -> "The API answers in JSON (application/json or application/problem+json): accept one.";
                default -> problem.getDetail() == null ? (known != null ? known.getReasonPhrase() : "Refused")
                        : problem.getDetail();
            };
            String type = switch (status.value()) {
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 406 -> "not-acceptable";
                case 413 -> "file-too-large";
                case 415 -> "unsupported-media-type";
                default -> status.is4xxClientError() ? "invalid" : "internal";
            };
            ProblemDetail ours = Problems.of(known != null ? known : HttpStatus.BAD_REQUEST, type, detail);
            if (problem.getProperties() != null) {
                problem.getProperties().forEach(ours::setProperty);
            }
            body = ours;
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /** Whether PostgreSQL refused a value for its NUL character (it stores no U+0000 in text or jsonb). */
    private static boolean nulRefusedByTheDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && ("22021".equals(sql.getSQLState())
                    || "22P05".equals(sql.getSQLState()))
                    && sql.getMessage() != null && (sql.getMessage().contains("0x00")
                    || sql.getMessage().contains("\\u0000"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        InvalidValueException invalid = Causes.find(e, InvalidValueException.class);
        UnrecognizedPropertyException unknown = Causes.find(e, UnrecognizedPropertyException.class);
        ProblemDetail problem;
        if (invalid != null) {
            problem = invalid(invalid);
        } else if (unknown != null) {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid", "'" + unknown.getPropertyName()
                    + "' cannot be given here; the fields accepted are " + unknown.getKnownPropertyIds()
                    + ". Nothing was changed.");
            problem.setProperty("field", unknown.getPropertyName());
        } else {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid",
                    "The request body is not the JSON expected here; see docs/api.md for its fields.");
        }
        return ResponseEntity.badRequest().body(problem);
    }
}
