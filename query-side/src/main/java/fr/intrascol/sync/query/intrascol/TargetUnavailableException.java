package fr.intrascol.sync.query.intrascol;

/** The school's server could not be reached (down, timed out, busy): worth retrying later. */
public class TargetUnavailableException extends RuntimeException {
    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
