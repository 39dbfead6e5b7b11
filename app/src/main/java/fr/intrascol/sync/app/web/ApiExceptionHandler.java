package fr.intrascol.sync.app.web;

import fr.intrascol.sync.query.intrascol.TargetRefusedException;
import fr.intrascol.sync.query.intrascol.TargetSync;
import fr.intrascol.sync.query.intrascol.TargetUnavailableException;
import fr.intrascol.sync.app.audit.ActorMetadata;
import fr.intrascol.sync.app.imports.ImportRejectedException;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.value.InvalidValueException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
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
        InvalidValueException invalid = findCause(e, InvalidValueException.class);
        if (invalid != null) {
            return invalid(invalid);
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid",
                "'" + e.getValue() + "' is not a valid " + e.getName() + ".");
        problem.setProperty("field", e.getName());
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        InvalidValueException invalid = findCause(e, InvalidValueException.class);
        if (invalid != null) {
            return invalid(invalid);
        }
        CommandRejectedException rejected = findCause(e, CommandRejectedException.class);
        if (rejected != null) {
            return rejected(rejected);
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure, reference {}", reference, e);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "Something went wrong on our side and nothing was changed. If it happens again, give this"
                        + " reference to your administrator: " + reference);
        problem.setProperty("reference", reference);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        InvalidValueException invalid = findCause(e, InvalidValueException.class);
        UnrecognizedPropertyException unknown = findCause(e, UnrecognizedPropertyException.class);
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

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
