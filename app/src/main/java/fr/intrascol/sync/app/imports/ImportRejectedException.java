package fr.intrascol.sync.app.imports;

import java.util.List;

/**
 * An uploaded file refused as a whole; the refusal is recorded under {@code importId}. {@link #code()}
 * names why (stable, for translations), {@link #args()} the values the message quotes.
 */
public class ImportRejectedException extends RuntimeException {

    private final String importId;
    private final String code;
    private final List<Object> args;

    public ImportRejectedException(String importId, String code, String message, List<Object> args) {
        super(message);
        this.importId = importId;
        this.code = code;
        this.args = List.copyOf(args);
    }

    public String importId() {
        return importId;
    }

    public String code() {
        return code;
    }

    public Object[] args() {
        return args.toArray();
    }
}
