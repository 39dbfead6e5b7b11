package fr.intrascol.sync.app.web;

import fr.intrascol.sync.app.audit.SchoolWriteQueue.SchoolBusyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.sql.SQLTransientConnectionException;

/**
 * A request the service was too busy to take in time: a school's earlier writes took longer than a write
 * waits for its turn ({@link SchoolBusyException}), or no database connection was free within the pool's
 * timeout. Answered 503 with {@code Retry-After}, never 500: nothing is broken, the client should retry.
 */
public final class Busy {

    public static final int RETRY_AFTER_SECONDS = 5;

    static final String DATABASE_DETAIL = "The service is answering many requests at once and no database"
            + " connection was free in time. Try again in a few seconds; if this request saved a change, read it"
            + " back first to see whether it was saved.";

    private Busy() {
    }

    /** The problem detail when {@code e} (or one of its causes) says the service was too busy; null otherwise. */
    public static ProblemDetail of(Throwable e) {
        SchoolBusyException school = Causes.find(e, SchoolBusyException.class);
        if (school != null) {
            return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "busy", school.getMessage());
        }
        return Causes.find(e, SQLTransientConnectionException.class) == null ? null
                : Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "busy", DATABASE_DETAIL);
    }
}
