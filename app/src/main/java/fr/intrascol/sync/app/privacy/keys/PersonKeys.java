package fr.intrascol.sync.app.privacy.keys;

/**
 * Crypto-shredding: personal data is sealed (AES-256-GCM) under a data key of its own per person, the
 * subject, and erasing the person destroys that key, which leaves every copy of the sealed data
 * unreadable. Sealed form, self-describing: version byte (1), 12-byte random IV, ciphertext with its
 * 128-bit tag; the subject is the associated data, so a ciphertext moved to another person does not open.
 * See {@link JdbcPersonKeys}.
 */
public interface PersonKeys {
    /** Encrypts with the subject's data key, creating the key on first use (in the caller's transaction). */
    byte[] seal(String subject, byte[] plaintext);
    /** Decrypts; empty when the subject's key was destroyed. Throws IllegalStateException on a tampered ciphertext or unknown subject. */
    java.util.Optional<byte[]> open(String subject, byte[] sealed);
    /** Destroys the subject's key for good (keeps a tombstone row); true if a key existed. Idempotent. */
    boolean destroy(String subject);
    /** Whether the subject's key was destroyed. */
    boolean isDestroyed(String subject);
}
