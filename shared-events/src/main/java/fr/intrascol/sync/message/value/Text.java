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
        int invisible = firstInvisible(cleaned);
        if (invisible >= 0) {
            int codePoint = cleaned.codePointAt(invisible);
            String name = Character.getName(codePoint);
            throw new InvalidValueException(field, "The " + what + " contains an invisible control character ("
                    + String.format("U+%04X", codePoint) + (name == null ? "" : " " + name) + ") at position "
                    + (cleaned.codePointCount(0, invisible) + 1) + ": retype it.");
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
                    || Character.isSurrogate(c) || invisible(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the first invisible formatting character (bidi embeddings, overrides and isolates,
     * zero-width spaces and joiners, byte order mark, word joiner, soft hyphen: every Unicode format
     * character, category Cf), or -1. They let a name display as something other than what it is.
     */
    static int firstInvisible(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0xAD) {
                continue;
            }
            int codePoint = Character.isHighSurrogate(c) ? value.codePointAt(i) : c;
            if (Character.getType(codePoint) == Character.FORMAT) {
                return i;
            }
            if (codePoint > 0xFFFF) {
                i++;
            }
        }
        return -1;
    }

    /** A BMP format character; cheap: most text never gets past the first comparison. */
    private static boolean invisible(char c) {
        return c >= 0xAD && Character.getType(c) == Character.FORMAT;
    }

    /**
     * The value without its invisible formatting characters (bidi overrides, zero-width characters): how a
     * value stored before they were refused is read back, so that history written then still loads (and
     * shows without the spoofing). New input is refused by {@link #clean} instead.
     */
    static String withoutInvisible(String value) {
        if (value == null || firstInvisible(value) < 0) {
            return value;
        }
        StringBuilder visible = new StringBuilder(value.length());
        value.codePoints().filter(c -> Character.getType(c) != Character.FORMAT).forEach(visible::appendCodePoint);
        return visible.toString();
    }
}
