package fr.intrascol.sync.command.login;

import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.PersonName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LoginPolicyTest {

    private final LoginPolicy policy = new LoginPolicy(new LoginRules(20));

    private String login(String last, String usage, String first, Set<String> taken) {
        return policy.propose(new PersonName(last, usage, first), taken::contains).value();
    }

    @Test
    void prenom_nom_in_lower_case_ascii_with_accents_folded_and_other_characters_dropped() {
        assertThat(login("DUPONT", null, "Léa", Set.of())).isEqualTo("lea.dupont");
        assertThat(login("D'ALMEIDA", null, "Zoé", Set.of())).isEqualTo("zoe.dalmeida");
        assertThat(login("LE GALL", null, "Jean-Noël", Set.of())).isEqualTo("jeannoel.legall");
        assertThat(login("ŒUVRARD", null, "Ærwan", Set.of())).isEqualTo("aerwan.oeuvrard");
    }

    @Test
    void the_usage_name_is_the_surname_of_the_login() {
        assertThat(login("MARTIN", "DURAND", "Léa", Set.of())).isEqualTo("lea.durand");
    }

    @Test
    void too_long_logins_fall_back_to_initial_then_to_surname_initial_then_are_cut() {
        // jeanbaptiste.dupont = 19 fits; with a longer surname p.nom is used
        assertThat(login("DUPONT", null, "Jean-Baptiste", Set.of())).isEqualTo("jeanbaptiste.dupont");
        assertThat(login("DE LA FONTAINE", null, "Jean-Baptiste", Set.of())).isEqualTo("j.delafontaine");
        // p.nom too long but prenom.n fits
        LoginPolicy short10 = new LoginPolicy(new LoginRules(10));
        assertThat(short10.propose(new PersonName("MONTGOMERY", null, "Léo"), s -> false).value())
                .isEqualTo("leo.m");
        // nothing fits: p.nom cut to the length
        assertThat(short10.propose(new PersonName("MONTGOMERY", null, "Alexandrine"), s -> false).value())
                .isEqualTo("a.montgome");
    }

    @Test
    void collisions_get_a_numeric_suffix_within_the_length() {
        Set<String> taken = new HashSet<>(Set.of("lea.dupont"));
        assertThat(login("DUPONT", null, "Léa", taken)).isEqualTo("lea.dupont2");
        taken.add("lea.dupont2");
        assertThat(login("DUPONT", null, "Léa", taken)).isEqualTo("lea.dupont3");

        Set<String> full = Set.of("j.delafontaine");
        String suffixed = login("DE LA FONTAINE", null, "Jean-Baptiste", full);
        assertThat(suffixed).isEqualTo("j.delafontaine2");

        LoginPolicy short10 = new LoginPolicy(new LoginRules(10));
        assertThat(short10.propose(new PersonName("MONTGOMERY", null, "Alexandrine"), "a.montgome"::equals).value())
                .isEqualTo("a.montgom2").hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void names_without_any_latin_letter_still_get_a_valid_login() {
        assertThat(login("Παπαδόπουλος", null, "Ελένη", Set.of())).isEqualTo("compte.compte");
    }

    @Test
    void injection_attempts_leave_only_letters_and_digits() {
        assertThat(login("=HYPERLINK(\"x\")", null, "*)(uid=*", Set.of())).matches("[a-z0-9]+\\.[a-z0-9]+");
        assertThat(login("<script>alert(1)</script>", null, "Léa,ou=admins", Set.of()))
                .isEqualTo("l.scriptalert1script");
    }
}
