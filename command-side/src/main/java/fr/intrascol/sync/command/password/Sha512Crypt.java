package fr.intrascol.sync.command.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * SHA-512-crypt ({@code $6$}, Ulrich Drepper's specification, 5,000 rounds), the same output as Commons
 * Codec's {@code Sha2Crypt.sha512Crypt} for the same password and salt, in about half its time: Commons Codec
 * looks a new {@link MessageDigest} up from the security providers in each of the 5,000 rounds, which costs
 * as much as the round's hashing; here one digest is reset. A département's year 1 hashes 60,000 new
 * passwords, the larger part of its CPU (issue 17). The rounds write each digest over the previous one: a new
 * array per round was 40 % of all the bytes the application allocated during a first-year import.
 */
final class Sha512Crypt {

    private static final int ROUNDS = 5_000;
    private static final int SALT_LENGTH = 16;
    private static final String PREFIX = "$6$";
    private static final char[] B64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** The order in which the 64 bytes of the final digest are written, three at a time (the specification's). */
    private static final int[][] TRIPLES = {{0, 21, 42}, {22, 43, 1}, {44, 2, 23}, {3, 24, 45}, {25, 46, 4},
            {47, 5, 26}, {6, 27, 48}, {28, 49, 7}, {50, 8, 29}, {9, 30, 51}, {31, 52, 10}, {53, 11, 32},
            {12, 33, 54}, {34, 55, 13}, {56, 14, 35}, {15, 36, 57}, {37, 58, 16}, {59, 17, 38}, {18, 39, 60},
            {40, 61, 19}, {62, 20, 41}};

    private Sha512Crypt() {
    }

    /** {@code $6$<salt>$<hash>} with a random salt of 16 characters. */
    static String crypt(byte[] password, SecureRandom random) {
        char[] salt = new char[SALT_LENGTH];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = B64[random.nextInt(B64.length)];
        }
        return crypt(password, new String(salt));
    }

    /** {@code $6$<salt>$<hash>}; {@code salt} at most 16 characters (more are cut, as the specification says). */
    static String crypt(byte[] password, String salt) {
        byte[] s = (salt.length() > SALT_LENGTH ? salt.substring(0, SALT_LENGTH) : salt)
                .getBytes(StandardCharsets.UTF_8);
        int n = password.length;
        MessageDigest md = sha512();

        md.update(password);
        md.update(s);
        md.update(password);
        byte[] b = md.digest();

        md.update(password);
        md.update(s);
        int cnt;
        for (cnt = n; cnt > 64; cnt -= 64) {
            md.update(b, 0, 64);
        }
        md.update(b, 0, cnt);
        for (cnt = n; cnt > 0; cnt >>= 1) {
            if ((cnt & 1) != 0) {
                md.update(b, 0, 64);
            } else {
                md.update(password);
            }
        }
        byte[] a = md.digest();

        for (int i = 0; i < n; i++) {
            md.update(password);
        }
        byte[] p = repeat(md.digest(), n);

        for (int i = 0; i < 16 + (a[0] & 0xff); i++) {
            md.update(s);
        }
        byte[] sp = repeat(md.digest(), s.length);

        for (int i = 0; i < ROUNDS; i++) {
            boolean odd = (i & 1) != 0;
            if (odd) {
                md.update(p);
            } else {
                md.update(a, 0, 64);
            }
            if (i % 3 != 0) {
                md.update(sp);
            }
            if (i % 7 != 0) {
                md.update(p);
            }
            if (odd) {
                md.update(a, 0, 64);
            } else {
                md.update(p);
            }
            digestInto(md, a); // a's bytes were taken above: no new array per round (5,000 × 80 bytes a hash)
        }

        StringBuilder out = new StringBuilder(PREFIX.length() + s.length + 1 + 86);
        out.append(PREFIX).append(new String(s, StandardCharsets.UTF_8)).append('$');
        for (int[] t : TRIPLES) {
            encode(out, a[t[0]], a[t[1]], a[t[2]], 4);
        }
        encode(out, (byte) 0, (byte) 0, a[63], 2);
        return out.toString();
    }

    private static void encode(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
        int w = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < chars; i++) {
            out.append(B64[w & 0x3f]);
            w >>>= 6;
        }
    }

    private static byte[] repeat(byte[] digest, int length) {
        byte[] result = new byte[length];
        for (int i = 0; i < length; i += 64) {
            System.arraycopy(digest, 0, result, i, Math.min(64, length - i));
        }
        return result;
    }

    private static void digestInto(MessageDigest md, byte[] into) {
        try {
            md.digest(into, 0, into.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-512 wrote no 64-byte digest", e);
        }
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is not available", e);
        }
    }
}
