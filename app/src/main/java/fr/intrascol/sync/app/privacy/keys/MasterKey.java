package fr.intrascol.sync.app.privacy.keys;

import org.apache.commons.codec.digest.DigestUtils;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The master key: a 256-bit AES key that wraps (AES-GCM, the subject as associated data) every person's
 * data key in {@code person_key}, and its id, the first 16 hex digits of the SHA-256 of its bytes, which
 * each row records so that a rotation knows which rows are done. It lives outside the database (see
 * {@link MasterKeyLoader}). Its bytes are never shown: {@link #toString()} gives the id only.
 *
 * <p>Also home of the AES-GCM format shared by wrapped keys and sealed data: version byte (1), 12-byte
 * random IV, ciphertext followed by its 128-bit tag.
 */
public final class MasterKey {

    /** AES-256. */
    public static final int BYTES = 32;
    static final byte VERSION = 1;
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    /** Version, IV and tag around the plaintext. */
    static final int OVERHEAD = 1 + IV_BYTES + TAG_BITS / 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String id;

    public MasterKey(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("A master key is " + BYTES + " bytes (AES-256), not "
                    + (bytes == null ? "null" : bytes.length));
        }
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = idOf(bytes);
    }

    /** A new random master key. */
    public static MasterKey generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new MasterKey(bytes);
    }

    /**
     * The key written as base64 of 32 bytes; {@code where} names its origin in the error (which never
     * repeats the value).
     */
    public static MasterKey fromBase64(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The master key in " + where + " is not base64 (of " + BYTES
                    + " random bytes)");
        }
        if (bytes.length != BYTES) {
            throw new IllegalStateException("The master key in " + where + " is " + bytes.length + " bytes, not "
                    + BYTES + " (base64 of " + BYTES + " random bytes)");
        }
        return new MasterKey(bytes);
    }

    /** The first 16 hex digits of the SHA-256 of the key's bytes: names the key without revealing it. */
    public String id() {
        return id;
    }

    /** The key as written in a key file; for {@link MasterKeyLoader} only. */
    String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** A data key wrapped for {@code subject}: it unwraps for that subject only. */
    byte[] wrap(String subject, SecretKey dataKey) {
        return encrypt(key, subject, dataKey.getEncoded());
    }

    /** The data key of {@code subject}; IllegalStateException when it was not wrapped for that subject by this key. */
    SecretKey unwrap(String subject, byte[] wrapped) {
        byte[] bytes;
        try {
            bytes = decrypt(key, subject, wrapped);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("The data key of subject " + subject
                    + " does not unwrap with master key " + id + " (altered row?)", e);
        }
        if (bytes.length != BYTES) {
            throw new IllegalStateException("The data key of subject " + subject + " is not " + BYTES + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** A fresh random AES-256 data key. */
    static SecretKey newDataKey() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    /** AES-256-GCM, a fresh random IV, {@code subject} as associated data; the versioned format above. */
    static byte[] encrypt(SecretKey key, String subject, byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(OVERHEAD + plaintext.length).put(VERSION).put(iv);
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** The reverse of {@link #encrypt}; IllegalStateException on an unknown format or a failed tag check. */
    static byte[] decrypt(SecretKey key, String subject, byte[] sealed) {
        if (sealed == null || sealed.length < OVERHEAD) {
            throw new IllegalStateException("Not sealed data: too short");
        }
        if (sealed[0] != VERSION) {
            throw new IllegalStateException("Sealed data of unknown version " + sealed[0]);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
            cipher.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("Sealed data does not open for subject " + subject
                    + ": altered, or sealed for another subject or with another key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static String idOf(byte[] bytes) {
        return DigestUtils.sha256Hex(bytes).substring(0, 16);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MasterKey that && MessageDigest.isEqual(key.getEncoded(), that.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
