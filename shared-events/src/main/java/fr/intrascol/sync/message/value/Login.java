package fr.intrascol.sync.message.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** An IntraScol login: lower-case ASCII letters and digits, with dots between parts. */
public record Login(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

    /** What an erased person's login reads as (their data key is destroyed); never given to anyone. */
    public static final String ERASED_TEXT = "[effacé]";
    public static final Login ERASED = new Login(ERASED_TEXT);

    public Login {
        if (value == null || (!FORMAT.matcher(value).matches() && !ERASED_TEXT.equals(value))) {
            throw new InvalidValueException("login", "'" + value + "' is not a valid login.");
        }
    }

    @JsonCreator
    public static Login of(String value) {
        return new Login(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Whether this is an erased person's login. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isErased() {
        return ERASED_TEXT.equals(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
