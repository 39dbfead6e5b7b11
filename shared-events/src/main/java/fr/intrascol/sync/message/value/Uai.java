package fr.intrascol.sync.message.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A school's national identifier (Unité Administrative Immatriculée): seven digits and a check
 * letter. The letter is the seven-digit number modulo 23 in an alphabet without I, O and Q, so a
 * mistyped digit is caught before a wrong school gets accounts.
 */
public record Uai(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\d{7}[A-Z]");
    private static final String CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

    public Uai {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("uai", "A UAI is required (7 digits and a letter, e.g. 0170001J).");
        }
        value = value.trim().toUpperCase(Locale.ROOT);
        if (!FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("uai",
                    "'" + value + "' is not a UAI: expected 7 digits followed by a letter, e.g. 0170001J.");
        }
        char expected = CHECK_LETTERS.charAt(Integer.parseInt(value.substring(0, 7)) % 23);
        if (value.charAt(7) != expected) {
            throw new InvalidValueException("uai", "UAI " + value + " has a wrong check letter: for "
                    + value.substring(0, 7) + " it is " + expected + ". Check the number for a typo.");
        }
    }

    @JsonCreator
    public static Uai of(String value) {
        return new Uai(value);
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
