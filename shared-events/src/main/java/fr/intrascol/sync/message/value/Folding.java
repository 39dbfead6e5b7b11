package fr.intrascol.sync.message.value;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text as a search or a sort compares it: lower case, accents and other marks removed (« Héloïse » →
 * « heloise »), œ/æ/ß spelled out, runs of whitespace one space, trimmed. The one fold of the pages' searches
 * and sorts; logins have their own (LoginPolicy: letters and digits only).
 */
public final class Folding {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private Folding() {
    }

    /** The folded text; empty for null. */
    public static String fold(String text) {
        if (text == null) {
            return "";
        }
        String spelled = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
                .replace("ß", "ss");
        String bare = MARKS.matcher(Normalizer.normalize(spelled, Normalizer.Form.NFKD)).replaceAll("");
        return WHITESPACE_RUN.matcher(bare.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
