package fr.intrascol.sync.command.password;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy(10);

    @Test
    void generated_passwords_have_the_length_letters_and_digits_and_no_confusable_characters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = policy.generate();
            assertThat(password).hasSize(10).matches(".*[a-z].*").matches(".*[2-9].*").doesNotContainPattern("[01ilo]");
            seen.add(password);
        }
        assertThat(seen).hasSize(200);
    }

    @Test
    void only_an_ldap_crypt_hash_is_kept_and_it_checks_the_password() {
        String hash = policy.hash("abc234defg");
        assertThat(hash).startsWith("{CRYPT}$6$").doesNotContain("abc234defg");
        assertThat(PasswordPolicy.matches("abc234defg", hash)).isTrue();
        assertThat(PasswordPolicy.matches("abc234defh", hash)).isFalse();
        assertThat(policy.hash("abc234defg")).isNotEqualTo(hash);
    }

    @Test
    void the_length_is_bounded() {
        assertThatThrownBy(() -> new PasswordPolicy(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
