package fr.intrascol.sync.app.accounts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Dates typed the French way where a date input is not available, and the search's folding. */
class AccountTextsTest {

    @Test
    void a_french_date_is_read_as_the_iso_date_and_anything_else_is_left_for_the_rules_to_refuse() {
        assertThat(AccountTexts.isoDate("25/03/2019")).isEqualTo("2019-03-25");
        assertThat(AccountTexts.isoDate(" 5/3/2019 ")).isEqualTo("2019-03-05");
        assertThat(AccountTexts.isoDate("2019-03-25")).isEqualTo("2019-03-25");
        assertThat(AccountTexts.isoDate("hier")).isEqualTo("hier");
        assertThat(AccountTexts.isoDate(null)).isNull();
    }

    @Test
    void the_search_ignores_case_and_accents() {
        assertThat(AccountPages.fold("Noémie LE GALL")).isEqualTo("noemie le gall");
        assertThat(AccountPages.fold("ÉTIENNE Héloïse-Marie")).isEqualTo("etienne heloise-marie");
    }
}
