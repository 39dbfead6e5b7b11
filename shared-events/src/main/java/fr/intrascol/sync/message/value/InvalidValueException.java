package fr.intrascol.sync.message.value;

/**
 * A value that breaks a domain rule (a malformed UAI, an empty surname...). The message says what
 * was wrong and how to correct it; {@link #field()} names the input it came from.
 */
public class InvalidValueException extends IllegalArgumentException {

    private final String field;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
