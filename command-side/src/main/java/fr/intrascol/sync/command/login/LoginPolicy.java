package fr.intrascol.sync.command.login;

import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.PersonName;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Chooses a new account's login: {@code prenom.nom} in lower-case ASCII, accents folded and every
 * other character dropped. When that is longer than the school allows, the Scribe-style fallbacks are
 * tried in order ({@code p.nom}, then {@code prenom.n}, then {@code p.nom} cut to length); when the
 * chosen login is taken, a number is appended (2, 3...), the base being shortened to keep the length.
 * Logins are chosen once: correcting a name later never changes a login.
 */
public final class LoginPolicy {

    private static final String FALLBACK_PART = "compte";

    private final LoginRules rules;

    public LoginPolicy(LoginRules rules) {
        this.rules = rules;
    }

    public Login propose(PersonName name, Predicate<String> taken) {
        String first = orFallback(fold(name.firstName()));
        String last = orFallback(fold(name.displayLastName()));
        String base = candidates(first, last).stream()
                .filter(c -> c.length() <= rules.maxLength())
                .findFirst()
                .orElseGet(() -> cut(first.charAt(0) + "." + last, rules.maxLength()));
        if (!taken.test(base)) {
            return new Login(base);
        }
        for (int n = 2; ; n++) {
            String suffix = Integer.toString(n);
            String candidate = cut(base, rules.maxLength() - suffix.length()) + suffix;
            if (!taken.test(candidate)) {
                return new Login(candidate);
            }
        }
    }

    private static List<String> candidates(String first, String last) {
        List<String> candidates = new ArrayList<>();
        candidates.add(first + "." + last);
        candidates.add(first.charAt(0) + "." + last);
        candidates.add(first + "." + last.charAt(0));
        return candidates;
    }

    /** Cuts to a length without leaving a trailing dot. */
    private static String cut(String login, int length) {
        String cut = login.length() <= length ? login : login.substring(0, length);
        while (cut.endsWith(".")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    private static String orFallback(String part) {
        return part.isEmpty() ? FALLBACK_PART : part;
    }

    /** Lower-case ASCII letters and digits only: accents folded, ligatures spelled out, the rest dropped. */
    public static String fold(String text) {
        String spelled = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
                .replace("ß", "ss");
        String decomposed = Normalizer.normalize(spelled, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (char c : decomposed.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
