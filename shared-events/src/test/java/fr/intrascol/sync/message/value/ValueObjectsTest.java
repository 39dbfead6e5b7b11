package fr.intrascol.sync.message.value;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueObjectsTest {

    @Test
    void a_uai_is_seven_digits_and_its_check_letter() {
        assertThat(new Uai("0170001J").value()).isEqualTo("0170001J");
        assertThat(new Uai(" 0170002k ").value()).isEqualTo("0170002K");
        assertThat(new Uai("0000000A").value()).isEqualTo("0000000A");
    }

    @Test
    void a_mistyped_uai_is_refused_with_the_expected_letter() {
        assertThatThrownBy(() -> new Uai("0170001K"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("for 0170001 it is J");
        assertThatThrownBy(() -> new Uai("017001J")).hasMessageContaining("7 digits followed by a letter");
        assertThatThrownBy(() -> new Uai("")).hasMessageContaining("required");
        assertThatThrownBy(() -> new Uai(null)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void names_keep_accents_apostrophes_and_hyphens_but_not_control_characters() {
        PersonName name = new PersonName("  D'ALMEIDA  ", "", "Jean-Éloïse");
        assertThat(name.lastName()).isEqualTo("D'ALMEIDA");
        assertThat(name.usageName()).isNull();
        assertThat(name.firstName()).isEqualTo("Jean-Éloïse");
        assertThat(name.displayLastName()).isEqualTo("D'ALMEIDA");
        assertThat(new PersonName("MARTIN", "DUPONT", "Léa").displayLastName()).isEqualTo("DUPONT");

        assertThatThrownBy(() -> new PersonName(" ", null, "Léa"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("surname is required");
        assertThatThrownBy(() -> new PersonName("MARTIN", null, "Lé\u0000a"))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> new PersonName("M".repeat(101), null, "Léa"))
                .hasMessageContaining("longer than 100");
    }

    @Test
    void personal_data_checks_the_ine_and_birth_date() {
        PersonalData data = new PersonalData(new PersonName("MARTIN", null, "Léa"), LocalDate.of(2019, 3, 1),
                "986923535sl");
        assertThat(data.ine()).isEqualTo("986923535SL");
        assertThat(new PersonalData(data.name(), null, " ").ine()).isNull();
        assertThatThrownBy(() -> new PersonalData(data.name(), null, "12345"))
                .hasMessageContaining("not an INE");
        assertThatThrownBy(() -> new PersonalData(data.name(), LocalDate.of(1850, 1, 1), null))
                .hasMessageContaining("not plausible");
    }

    @Test
    void account_ids_are_uuids() {
        AccountId id = AccountId.random();
        assertThat(AccountId.of(id.value())).isEqualTo(id);
        assertThatThrownBy(() -> AccountId.of("42")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void login_rules_bound_the_length() {
        assertThat(LoginRules.defaults().maxLength()).isEqualTo(20);
        assertThatThrownBy(() -> new LoginRules(3)).hasMessageContaining("between 6 and 64");
    }
}
