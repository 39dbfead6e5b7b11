package fr.intrascol.sync.command.password;

import org.apache.commons.codec.digest.Sha2Crypt;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /**
     * The process's hashing threads, one per core, shared by every school's import: two schools applying at
     * once share the cores instead of each starting as many threads (daemon threads, started on first use).
     */
    private static final ExecutorService HASHING = Executors.newFixedThreadPool(CORES, task -> {
        Thread thread = new Thread(task, "password-hashing");
        thread.setDaemon(true);
        return thread;
    });

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
     * rounds, over a millisecond each), so the hashes of a whole class or school are computed on every
     * core at once, by {@link #HASHING}; generating stays sequential on the one random source. The caller
     * waits parked (a parallel stream's caller helps and spins in {@code ForkJoinPool.helpComplete}), and two
     * schools applying at once share the same threads (decision 129).
     */
    public List<Generated> generate(int count) {
        List<String> passwords = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            passwords.add(generate());
        }
        if (count <= 1) {
            return hashAll(passwords);
        }
        int parts = Math.min(count, CORES);
        List<Future<List<Generated>>> hashed = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            List<String> slice = passwords.subList(part * count / parts, (part + 1) * count / parts);
            hashed.add(HASHING.submit(() -> hashAll(slice)));
        }
        List<Generated> all = new ArrayList<>(count);
        try {
            for (Future<List<Generated>> part : hashed) {
                all.addAll(part.get());
            }
        } catch (InterruptedException e) {
            hashed.forEach(part -> part.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing new passwords", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a new password could not be hashed", e.getCause());
        }
        return all;
    }

    private List<Generated> hashAll(List<String> passwords) {
        return passwords.stream().map(p -> new Generated(p, hash(p))).toList();
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
