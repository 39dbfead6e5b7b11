package fr.intrascol.sync.message.value;

import java.text.Collator;
import java.text.Normalizer;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The orders a school expects in its lists, in one place for every page and document:
 *
 * <ul>
 *   <li>{@link #classes()}: classes in school order, TPS, PS, MS, GS, CP, CE1, CE2, CM1, CM2, a class by the
 *   first level its label names (« CE2-CM1 M. X » after the CE2 classes, before the CM1), then by label; a
 *   label naming no level
 *   (« Classe des Dauphins ») after them;</li>
 *   <li>{@link #names()}: names the French way, accented letters with their base letter (« Émile » among the
 *   E, not after « Zoé »), case and accents only breaking ties.</li>
 * </ul>
 *
 * <p>Also the rule that reads levels in a class label ({@link #levelsNamed}), shared by the import's
 * plausibility check (a pupil's level that its class does not name) and the class change form.
 */
public final class SchoolOrder {

    /**
     * Level names as whole words of a folded label (lower-case ASCII, words separated by one space);
     * group n is {@code Level.values()[n - 1]}. At one place the longer name wins, and names are found
     * left to right, so "toute petite section" is TPS and its "petite section" is not read again as PS.
     */
    private static final Pattern LEVEL_NAMES = Pattern.compile("(?<![a-z0-9])(?:"
            + "(tps|(?:toute|tres) petite sections?)"
            + "|(ps|petite sections?)"
            + "|(ms|moyenne sections?)"
            + "|(gs|grande sections?)"
            + "|(cp|cours preparatoires?)"
            + "|(ce ?1|cours elementaires? (?:1|premiere annee))"
            + "|(ce ?2|cours elementaires? (?:2|deuxieme annee))"
            + "|(cm ?1|cours moyens? (?:1|premiere annee))"
            + "|(cm ?2|cours moyens? (?:2|deuxieme annee))"
            + ")(?![a-z0-9])");

    private static final Level[] LEVELS = Level.values();

    private SchoolOrder() {
    }

    /** Names (or any text shown to people) the French way; nulls first. */
    public static Comparator<String> names() {
        Collator collator = Collator.getInstance(Locale.FRENCH);
        collator.setStrength(Collator.TERTIARY);
        return Comparator.nullsFirst(Comparator.<String, String>comparing(s -> s, collator::compare)
                .thenComparing(Comparator.naturalOrder()));
    }

    /** Class labels in school order (see the class comment); nulls (no class) last. */
    public static Comparator<String> classes() {
        Comparator<String> byLabel = names();
        return Comparator.nullsLast(Comparator.comparingInt(SchoolOrder::rank)
                .thenComparingInt(label -> levelsNamed(label).size())
                .thenComparing(byLabel));
    }

    /** The place of a class label's first level (TPS 0 … CM2 8); after them all for a label naming none. */
    public static int rank(String label) {
        Set<Level> named = label == null ? Set.of() : levelsNamed(label);
        return named.isEmpty() ? LEVELS.length : named.iterator().next().ordinal();
    }

    /** The levels a class label names, short ("CE2-CM1") or long ("COURS MOYEN 1"), in school order; empty if none. */
    public static Set<Level> levelsNamed(String label) {
        Set<Level> levels = EnumSet.noneOf(Level.class);
        Matcher m = LEVEL_NAMES.matcher(fold(label));
        while (m.find()) {
            for (int group = 1; group <= LEVELS.length; group++) {
                if (m.start(group) >= 0) {
                    levels.add(LEVELS[group - 1]);
                    break;
                }
            }
        }
        return levels;
    }

    /**
     * Whether a pupil's level contradicts the class: the label names levels and not this one ("CM2 Mme
     * LEROUX" with PS). A label naming no level, or no level, never contradicts.
     */
    public static boolean contradicts(String label, Level level) {
        if (label == null || level == null) {
            return false;
        }
        Set<Level> named = levelsNamed(label);
        return !named.isEmpty() && !named.contains(level);
    }

    /** Lower-case ASCII letters and digits, accents folded, every other run of characters one space. */
    private static String fold(String text) {
        String decomposed = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        boolean gap = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (gap && !out.isEmpty()) {
                    out.append(' ');
                }
                out.append(c);
                gap = false;
            } else if (Character.getType(c) != Character.NON_SPACING_MARK) {
                gap = true;
            }
        }
        return out.toString();
    }
}
