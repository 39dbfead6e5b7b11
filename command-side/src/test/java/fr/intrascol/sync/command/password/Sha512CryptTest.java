package fr.intrascol.sync.command.password;

import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The faster SHA-512-crypt gives Commons Codec's output, byte for byte. */
class Sha512CryptTest {

    private static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void the_same_hash_as_commons_codec_for_passwords_of_every_length_and_salts_up_to_sixteen() {
        Random random = new Random(17);
        for (int length = 0; length <= 200; length += length < 70 ? 1 : 13) {
            byte[] password = new byte[length];
            for (int i = 0; i < length; i++) {
                password[i] = (byte) (32 + random.nextInt(200)); // beyond ASCII too
            }
            StringBuilder salt = new StringBuilder();
            int saltLength = 1 + random.nextInt(16);
            for (int i = 0; i < saltLength; i++) {
                salt.append(SALT_CHARS.charAt(random.nextInt(SALT_CHARS.length())));
            }
            assertThat(Sha512Crypt.crypt(password, salt.toString()))
                    .as("password of %d bytes, salt %s", length, salt)
                    .isEqualTo(Sha2Crypt.sha512Crypt(password, "$6$" + salt));
        }
    }

    @Test
    void the_specifications_own_example_and_a_salt_cut_to_sixteen() {
        // Drepper's test vector: "$6$saltstring", "Hello world!"
        assertThat(Sha512Crypt.crypt("Hello world!".getBytes(StandardCharsets.UTF_8), "saltstring")).isEqualTo(
                "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1");
        assertThat(Sha512Crypt.crypt("a-password".getBytes(StandardCharsets.UTF_8), "0123456789abcdefXYZ"))
                .isEqualTo(Sha2Crypt.sha512Crypt("a-password".getBytes(StandardCharsets.UTF_8), "$6$0123456789abcdef"));
    }

    @Test
    void a_random_salt_is_sixteen_characters_and_the_hash_checks_with_commons_codec() {
        byte[] password = "k7mnpq2rst".getBytes(StandardCharsets.UTF_8);
        String hash = Sha512Crypt.crypt(password, new SecureRandom());
        assertThat(hash).matches("\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}");
        assertThat(Sha2Crypt.sha512Crypt(password, hash)).isEqualTo(hash);
    }
}
