package fr.intrascol.sync.app.users;

import fr.intrascol.sync.app.support.IntegrationTest;
import fr.intrascol.sync.message.value.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The staff password policy on its own (no application needed). */
class StaffPasswordPolicyTest {

    private final StaffPasswordPolicy policy = new StaffPasswordPolicy();

    @Test
    void ships_ten_thousand_common_passwords() {
        assertThat(policy.commonPasswordCount()).isBetween(9_900, 10_000);
    }

    @Test
    void accepts_the_tests_password() {
        assertThatCode(() -> policy.check("director1", IntegrationTest.PASSWORD)).doesNotThrowAnyException();
        assertThatCode(() -> policy.check("director1", "Le chat dort sur le mur")).doesNotThrowAnyException();
    }

    @Test
    void refuses_short_passwords_the_user_name_and_common_passwords() {
        assertThatThrownBy(() -> policy.check("director1", "eleven-char"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> policy.check("m.durand", "xxM.DURAND-2026xx"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("user name");
        assertThatThrownBy(() -> policy.check("director1", "1QAZ2WSX3EDC"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("common");
        assertThatThrownBy(() -> policy.check("director1", "qwerty123456"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("common");
        assertThatThrownBy(() -> policy.check("director1", "é".repeat(40)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("72 bytes");
        assertThatThrownBy(() -> policy.check("director1", null)).isInstanceOf(InvalidValueException.class);
    }
}
