package fr.intrascol.sync.message.value;

import java.util.regex.Pattern;

/** The one check every free-text field of the domain goes through. */
final class Text {

    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private Text() {
    }

    /**
     * Trims, collapses inner whitespace, refuses empty text, control characters and overlong text.
     * Other characters are kept as given: escaping belongs to each output (HTML, CSV, LDAP).
     */
    static String clean(String field, String value, int maxLength, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, "The " + what + " is required.");
        }
        // Every stored event's names come through here again when it is read: text already clean
        // (nearly all of it) is returned as it is, without the regular expression.
        String cleaned = alreadyClean(value) ? value : WHITESPACE_RUN.matcher(value.strip()).replaceAll(" ");
        if (cleaned.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException(field, "The " + what + " contains a control character.");
        }
        if (cleaned.length() > maxLength) {
            throw new InvalidValueException(field,
                    "The " + what + " is longer than " + maxLength + " characters.");
        }
        return cleaned;
    }

    /**
     * Whether cleaning would give {@code value} back unchanged: no whitespace at either end, no
     * whitespace inside but single spaces, no control character.
     */
    static boolean alreadyClean(String value) {
        int last = value.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                if (i == 0 || i == last || value.charAt(i - 1) == ' ') {
                    return false;
                }
            } else if (c < 0x20 || Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
