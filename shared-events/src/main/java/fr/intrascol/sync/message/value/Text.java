package fr.intrascol.sync.message.value;

/** The one check every free-text field of the domain goes through. */
final class Text {

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
        String cleaned = value.strip().replaceAll("\\s+", " ");
        if (cleaned.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException(field, "The " + what + " contains a control character.");
        }
        if (cleaned.length() > maxLength) {
            throw new InvalidValueException(field,
                    "The " + what + " is longer than " + maxLength + " characters.");
        }
        return cleaned;
    }
}
