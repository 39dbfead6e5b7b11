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

    @Test
    void cleaning_text_gives_what_trimming_and_collapsing_whitespace_gives_for_any_text() {
        char[] alphabet = {'a', 'É', 'ï', '\'', '-', ' ', ' ', '\t', '\n', '\r', '\u000B', '\f', '\u00A0', '\u2003',
                '\u2028', '\u0000', '\u0085', '\u007F', '\uD83D', '\uDE00', '<', ';'};
        java.util.Random random = new java.util.Random(20261206);
        for (int n = 0; n < 200_000; n++) {
            char[] chars = new char[1 + random.nextInt(8)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String value = new String(chars);
            String expected;
            try {
                expected = reference(value);
            } catch (InvalidValueException e) {
                assertThatThrownBy(() -> Text.clean("f", value, 5, "name")).as(value)
                        .isInstanceOf(InvalidValueException.class).hasMessage(e.getMessage());
                continue;
            }
            assertThat(Text.clean("f", value, 5, "name")).as(value).isEqualTo(expected);
        }
    }

    /** Text.clean as it was written before its fast path: the reference it must keep agreeing with. */
    private static String reference(String value) {
        if (value.isBlank()) {
            throw new InvalidValueException("f", "The name is required.");
        }
        String cleaned = value.strip().replaceAll("\\s+", " ");
        if (cleaned.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException("f", "The name contains a control character.");
        }
        if (cleaned.length() > 5) {
            throw new InvalidValueException("f", "The name is longer than 5 characters.");
        }
        return cleaned;
    }
}
