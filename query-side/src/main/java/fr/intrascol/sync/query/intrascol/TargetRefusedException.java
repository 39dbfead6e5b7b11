package fr.intrascol.sync.query.intrascol;

/**
 * The school's server answered, and refused a change (wrong credentials, access denied, schema
 * violation, a base DN that does not exist...): retrying will not help until someone fixes the server
 * or the target's configuration, so the change waits in the dead-letter queue.
 */
public class TargetRefusedException extends RuntimeException {
    public TargetRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
