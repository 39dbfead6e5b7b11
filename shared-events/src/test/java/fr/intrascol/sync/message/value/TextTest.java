package fr.intrascol.sync.message.value;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invisible characters that make a name display as something it is not. */
class TextTest {

    @Test
    void a_bidi_override_is_refused_naming_the_character_and_its_position() {
        assertThatThrownBy(() -> new PersonName("DUP\u202EONT", null, "Léa"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("The surname contains an invisible control character (U+202E RIGHT-TO-LEFT OVERRIDE)"
                        + " at position 4: retype it.")
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("lastName");
    }

    @Test
    void every_bidi_isolate_embedding_and_zero_width_character_is_refused() {
        int[] invisible = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
                0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x2060, 0x00AD, 0x061C, 0xE0001};
        for (int codePoint : invisible) {
            String name = "Lé" + new String(Character.toChars(codePoint)) + "a";
            assertThat(Text.alreadyClean(name)).as("U+%04X", codePoint).isFalse();
            assertThatThrownBy(() -> new PersonName("MARTIN", null, name)).as("U+%04X", codePoint)
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining(String.format("U+%04X", codePoint))
                    .hasMessageContaining("first name").hasMessageContaining("position 3");
            assertThatThrownBy(() -> new ClassGroup("CP " + new String(Character.toChars(codePoint)) + "A"))
                    .as("U+%04X", codePoint).hasMessageContaining("class contains an invisible");
        }
    }

    @Test
    void the_position_counts_characters_as_a_person_sees_them() {
        assertThatThrownBy(() -> new PersonName("\uD83D\uDE00A\u200BB", null, "Léa"))
                .hasMessageContaining("U+200B ZERO WIDTH SPACE").hasMessageContaining("position 3");
    }

    @Test
    void ordinary_names_of_every_script_are_kept_and_stay_already_clean() {
        for (String name : new String[]{"Léa", "N'Diaye-Kouyaté", "Zoë Ægir", "Øyvind", "李 小龙", "محمد", "Ñúñez"}) {
            assertThat(Text.alreadyClean(name)).as(name).isTrue();
            assertThat(new PersonName(name, null, name).firstName()).isEqualTo(name);
        }
        assertThat(Text.firstInvisible("Léa")).isEqualTo(-1);
        assertThat(Text.firstInvisible("ab\u2066c")).isEqualTo(2);
    }

    @org.junit.jupiter.api.Test
    void a_name_stored_before_invisible_characters_were_refused_still_reads_back_without_them() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PersonName("MAR\u202eTIN", null, "Léa"))
                .isInstanceOf(InvalidValueException.class);
        PersonName stored = PersonName.read("MAR\u202eTIN", null, "L\u200béa");
        org.assertj.core.api.Assertions.assertThat(stored).isEqualTo(new PersonName("MARTIN", null, "Léa"));
        org.assertj.core.api.Assertions.assertThat(ClassGroup.read("CP\ufeff A").label()).isEqualTo("CP A");
    }
}
