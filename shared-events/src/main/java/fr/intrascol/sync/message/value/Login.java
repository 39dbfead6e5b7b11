package fr.intrascol.sync.message.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** An IntraScol login: lower-case ASCII letters and digits, with dots between parts. */
public record Login(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

    public Login {
        if (value == null || !FORMAT.matcher(value).matches()) {
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

    @Override
    public String toString() {
        return value;
    }
}
