package fr.intrascol.sync.command.password;

import org.apache.commons.codec.digest.Sha2Crypt;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates passwords for new accounts and hashes them. Passwords avoid characters a child confuses
 * (0/o, 1/l/i) and always hold letters and digits. Only the hash is ever stored, as an LDAP
 * {@code {CRYPT}} SHA-512 crypt value that IntraScol's directory can check directly.
 */
public final class PasswordPolicy {

    public static final String SCHEME = "{CRYPT}";
    private static final String LETTERS = "abcdefghjkmnpqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String ALPHABET = LETTERS + DIGITS;

    private final int length;
    private final SecureRandom random = new SecureRandom();

    public PasswordPolicy(int length) {
        if (length < 6 || length > 64) {
            throw new IllegalArgumentException("password length must be between 6 and 64, not " + length);
        }
        this.length = length;
    }

    public String generate() {
        while (true) {
            StringBuilder password = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String candidate = password.toString();
            if (candidate.chars().anyMatch(c -> DIGITS.indexOf(c) >= 0)
                    && candidate.chars().anyMatch(c -> LETTERS.indexOf(c) >= 0)) {
                return candidate;
            }
        }
    }

    /** A generated password and its hash. */
    public record Generated(String password, String hash) {
    }

    /**
     * {@code count} new passwords with their hashes. Hashing is what costs (SHA-512-crypt's 5,000
     * rounds, a few milliseconds each), so the hashes of a whole class or school are computed on every
     * core at once; generating stays sequential on the one random source.
     */
    public List<Generated> generate(int count) {
        List<String> passwords = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            passwords.add(generate());
        }
        return passwords.parallelStream().map(p -> new Generated(p, hash(p))).toList();
    }

    /** {@code {CRYPT}$6$…}: SHA-512-crypt, computed by {@link Sha512Crypt} (Commons Codec's output, faster). */
    public String hash(String password) {
        return SCHEME + Sha512Crypt.crypt(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), random);
    }

    public static boolean matches(String password, String storedHash) {
        if (storedHash == null || !storedHash.startsWith(SCHEME)) {
            return false;
        }
        String crypt = storedHash.substring(SCHEME.length());
        return crypt.equals(Sha2Crypt.sha512Crypt(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), crypt));
    }
}
