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
    void a_batch_of_new_passwords_comes_back_whole_each_with_its_own_hash_from_two_schools_at_once() throws Exception {
        var other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var second = other.submit(() -> new PasswordPolicy(8).generate(37));
            var first = policy.generate(41);
            assertThat(first).hasSize(41);
            assertThat(second.get()).hasSize(37);
            for (var batch : java.util.List.of(first, second.get())) {
                assertThat(batch).allSatisfy(g -> assertThat(PasswordPolicy.matches(g.password(), g.hash())).isTrue());
                assertThat(batch.stream().map(PasswordPolicy.Generated::password).distinct()).hasSize(batch.size());
            }
            assertThat(policy.generate(1)).hasSize(1);
            assertThat(policy.generate(0)).isEmpty();
        } finally {
            other.shutdown();
        }
    }

    @Test
    void the_length_is_bounded() {
        assertThatThrownBy(() -> new PasswordPolicy(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
