package fr.intrascol.sync.message.value;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Classes in school order and names the French way, as every list and document shows them. */
class SchoolOrderTest {

    private static List<String> sorted(java.util.Comparator<String> order, String... values) {
        List<String> list = new ArrayList<>(Arrays.asList(values));
        Collections.shuffle(list, new java.util.Random(7));
        list.sort(order);
        return list;
    }

    @Test
    void classes_follow_the_school_levels_not_the_alphabet() {
        assertThat(sorted(SchoolOrder.classes(), "CE2-CM1 M. PERRIN", "CM2 Mme LEROUX", "CP-CE1 Mme COLIN", "GS A",
                "PS-MS Mme ROUX", "MS B", "CE1 M. DURAND", "CM1 Mme BLANC", "TPS", "CP A", "CE2 Mme NOËL"))
                .containsExactly("TPS", "PS-MS Mme ROUX", "MS B", "GS A", "CP A", "CP-CE1 Mme COLIN", "CE1 M. DURAND",
                        "CE2 Mme NOËL", "CE2-CM1 M. PERRIN", "CM1 Mme BLANC", "CM2 Mme LEROUX");
    }

    @Test
    void long_level_names_count_and_a_class_naming_no_level_comes_after_the_others_then_no_class() {
        assertThat(sorted(SchoolOrder.classes(), "Classe des Dauphins", "01 COURS PREPARATOIRE",
                "02 GRANDE SECTION", null, "CM2 B", "Atelier"))
                .containsExactly("02 GRANDE SECTION", "01 COURS PREPARATOIRE", "CM2 B", "Atelier",
                        "Classe des Dauphins", null);
    }

    @Test
    void classes_of_the_same_level_sort_by_label_the_french_way() {
        assertThat(sorted(SchoolOrder.classes(), "CP Mme ZOLA", "CP Mme ÉMERY", "CP Mme DUPONT"))
                .containsExactly("CP Mme DUPONT", "CP Mme ÉMERY", "CP Mme ZOLA");
    }

    @Test
    void accented_names_sort_with_their_base_letter_not_after_z() {
        assertThat(sorted(SchoolOrder.names(), "Zoé", "Émile", "Eva", "Élodie", "Adam", "Œdipe", "Ève", "éric"))
                .containsExactly("Adam", "Élodie", "Émile", "éric", "Eva", "Ève", "Œdipe", "Zoé");
    }

    @Test
    void a_level_contradicts_a_class_only_when_the_label_names_other_levels() {
        assertThat(SchoolOrder.contradicts("CM2 Mme LEROUX", Level.PS)).isTrue();
        assertThat(SchoolOrder.contradicts("cm2 mme leroux", Level.CM2)).isFalse();
        assertThat(SchoolOrder.contradicts("CE2-CM1 M. X", Level.CM1)).isFalse();
        assertThat(SchoolOrder.contradicts("Classe des Dauphins", Level.PS)).isFalse();
        assertThat(SchoolOrder.contradicts(null, Level.PS)).isFalse();
        assertThat(SchoolOrder.rank("CE2-CM1")).isEqualTo(Level.CE2.ordinal());
    }
}
