package fr.intrascol.sync.app.users;

import fr.intrascol.sync.message.value.InvalidValueException;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The passwords staff users (table {@code app_user}) may choose: at least 12 characters, at most 72 bytes
 * (BCrypt reads no more), not containing the user name (whatever the case), and not one of the 10,000
 * most common passwords (resource {@code security/common-passwords.txt}, compared in lower case).
 * Applied on creation, on a password set by an administrator and on a change by the user themselves.
 * The bootstrap administrator's configured password keeps its 10-character rule (see BootstrapAdmin).
 */
@Component
public class StaffPasswordPolicy {

    public static final int MIN_LENGTH = 12;
    /** BCrypt reads 72 bytes at most. */
    public static final int MAX_BYTES = 72;
    private static final String LIST = "security/common-passwords.txt";

    private final Set<String> common;

    public StaffPasswordPolicy() {
        this.common = load();
    }

    /** Refuses the password with an {@link InvalidValueException} on field {@code password}. */
    public void check(String username, String password) {
        check("password", username, password);
    }

    /** The same, naming another field of the request (e.g. {@code newPassword}). */
    public void check(String field, String username, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidValueException(field, "The password must be at least " + MIN_LENGTH + " characters long.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidValueException(field, "The password is too long: at most " + MAX_BYTES
                    + " bytes (about 70 letters, fewer with accents).");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && !username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) {
            throw new InvalidValueException(field, "The password must not contain the user name.");
        }
        if (common.contains(lower)) {
            throw new InvalidValueException(field, "This password is one of the most common passwords: choose another.");
        }
    }

    /** How many common passwords are refused (for tests and the start-up check). */
    public int commonPasswordCount() {
        return common.size();
    }

    private static Set<String> load() {
        InputStream in = StaffPasswordPolicy.class.getClassLoader().getResourceAsStream(LIST);
        if (in == null) {
            throw new IllegalStateException("The list of common passwords (" + LIST + ") is missing.");
        }
        Set<String> words = new HashSet<>(16_384);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    words.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
