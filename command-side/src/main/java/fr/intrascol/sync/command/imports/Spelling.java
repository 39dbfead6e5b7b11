package fr.intrascol.sync.command.imports;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * How the file spells a value compared with how the account spells it. A spreadsheet re-save changes
 * case and spacing, and a re-save in the wrong encoding loses accents: neither is a correction. Only
 * other letters are.
 */
enum Spelling {
    /** Equal but for case and spacing: the account's spelling is kept. */
    SAME,
    /** The same letters, and the file writes accents the account lacks (and lacks none it has). */
    ADDS_ACCENTS,
    /** The same letters, and the file lacks (or changes) accents the account has: never stripped. */
    LACKS_ACCENTS,
    /** Other letters: a real correction. */
    OTHER;

    static Spelling compare(String stored, String file) {
        if (stored == null || file == null) {
            return Objects.equals(stored, file) ? SAME : OTHER;
        }
        String s = key(stored);
        String f = key(file);
        if (s.equals(f)) {
            return SAME;
        }
        if (s.length() != f.length()) {
            return OTHER;
        }
        boolean adds = false;
        boolean lacks = false;
        for (int i = 0; i < s.length(); i++) {
            char a = s.charAt(i);
            char b = f.charAt(i);
            if (a == b) {
                continue;
            }
            char baseA = base(a);
            if (baseA != base(b)) {
                return OTHER;
            }
            if (baseA == a) {
                adds = true;
            } else {
                lacks = true;
            }
        }
        return lacks ? LACKS_ACCENTS : adds ? ADDS_ACCENTS : SAME;
    }

    /**
     * The account's spelling (its case and spacing) with the accents of the file's: only for values
     * that compare {@link #ADDS_ACCENTS}.
     */
    static String withAccentsOf(String storedText, String fileText) {
        String stored = Normalizer.normalize(storedText, Normalizer.Form.NFC);
        String f = Normalizer.normalize(fileText, Normalizer.Form.NFC).codePoints().filter(c -> !Character.isWhitespace(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        StringBuilder out = new StringBuilder(stored.length());
        int j = 0;
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (Character.isWhitespace(c)) {
                out.append(c);
                continue;
            }
            char accented = f.charAt(j++);
            if (Character.toLowerCase(c) == Character.toLowerCase(accented)) {
                out.append(c);
            } else {
                out.append(Character.isUpperCase(c) ? Character.toUpperCase(accented) : Character.toLowerCase(accented));
            }
        }
        return out.toString();
    }

    /** Lower case, without whitespace. */
    private static String key(String text) {
        StringBuilder key = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                key.append(Character.toLowerCase(c));
            }
        }
        return Normalizer.normalize(key, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** The letter without its accent (é → e); other characters as they are. */
    private static char base(char c) {
        if (c < 0x80) {
            return c;
        }
        String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
        char first = decomposed.charAt(0);
        return decomposed.length() > 1 && decomposed.chars().skip(1).allMatch(
                d -> Character.getType(d) == Character.NON_SPACING_MARK) ? first : c;
    }
}
