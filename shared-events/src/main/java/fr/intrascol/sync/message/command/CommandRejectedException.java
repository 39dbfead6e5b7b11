package fr.intrascol.sync.message.command;

/**
 * A command the school refused, with a message a person can act on. {@link Kind} tells an interface
 * how to answer (404, 409, 400...) without knowing every rule.
 */
public class CommandRejectedException extends RuntimeException {

    public enum Kind {
        /** The school or account does not exist. */
        NOT_FOUND,
        /** The change clashes with what exists (duplicate login, person or school). */
        CONFLICT,
        /** The editor's view is outdated: someone else changed the account in between. */
        STALE,
        /** The change breaks a rule (a pupil without a level...). */
        INVALID
    }

    private final Kind kind;

    public CommandRejectedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
