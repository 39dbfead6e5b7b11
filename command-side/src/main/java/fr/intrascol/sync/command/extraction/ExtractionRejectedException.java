package fr.intrascol.sync.command.extraction;

import java.util.List;

/**
 * The whole file cannot be read as an extraction; the message says why and what to do. {@link #code()}
 * names why (stable, for translations), {@link #args()} the values the message quotes.
 */
public class ExtractionRejectedException extends RuntimeException {

    private final String code;
    private final List<Object> args;

    public ExtractionRejectedException(String code, String message, Object... args) {
        super(message);
        this.code = code;
        this.args = List.of(args);
    }

    public String code() {
        return code;
    }

    public List<Object> args() {
        return args;
    }
}
