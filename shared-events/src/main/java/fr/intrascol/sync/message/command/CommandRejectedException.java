package fr.intrascol.sync.message.command;

import java.util.List;

/**
 * A command the school refused, with a message a person can act on. {@link Kind} tells an interface
 * how to answer (404, 409, 400...) without knowing every rule; {@link #code()} names the rule that
 * refused, stable, so that an interface can say it in its own language with {@link #args()} (the
 * values the English message quotes).
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
    private final String code;
    private final List<Object> args;

    public CommandRejectedException(Kind kind, String code, String message, Object... args) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.args = List.of(args);
    }

    public Kind kind() {
        return kind;
    }

    /** The rule that refused, e.g. {@code PLAN_STALE}. */
    public String code() {
        return code;
    }

    /** The values the message quotes, in the order the translations number them. */
    public Object[] args() {
        return args.toArray();
    }
}
