package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.message.query.FieldChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one way pages write dates and codes in French, and read a date typed the French way. */
class FrenchTextTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static FrenchText at(String now) {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasenames("i18n/messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        source.setAlwaysUseMessageFormat(true);
        return new FrenchText(new FrenchMessages(source), PARIS, Clock.fixed(Instant.parse(now), PARIS));
    }

    private final FrenchText text = at("2026-10-12T09:00:00Z");

    @Test
    void instants_and_days_are_written_in_words_in_the_installation_time_zone() {
        assertThat(text.at(Instant.parse("2026-09-03T08:15:00Z"))).isEqualTo("3 septembre 2026 à 10:15");
        assertThat(text.at(Instant.parse("2026-08-31T22:30:00Z"))).isEqualTo("1er septembre 2026 à 00:30");
        assertThat(text.day(LocalDate.of(2026, 9, 1))).isEqualTo("1er septembre 2026");
        assertThat(text.day(LocalDate.of(2026, 3, 25))).isEqualTo("25 mars 2026");
        assertThat(text.time(Instant.parse("2026-09-03T12:35:00Z"))).isEqualTo("14:35");
        assertThat(text.date(LocalDate.of(2019, 3, 5))).isEqualTo("05/03/2019");
        assertThat(text.date("2019-03-25")).isEqualTo("25/03/2019");
        assertThat(text.date("pas une date")).isEqualTo("pas une date");
    }

    @Test
    void no_date_is_an_empty_text_that_callers_replace() {
        assertThat(text.at(null)).isEmpty();
        assertThat(text.day(null)).isEmpty();
        assertThat(text.date((LocalDate) null)).isEmpty();
        assertThat(text.date((String) null)).isEmpty();
        assertThat(text.time(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "25/03/2019           | 2019-03-25",
            "' 5/3/2019 '         | 2019-03-05",
            "2019-03-25           | 2019-03-25",
            "2026-09-01T08:00:00Z | 2026-09-01T08:00:00Z",
            "hier                 | hier"})
    void a_date_typed_the_french_way_is_read_as_iso_and_anything_else_is_left_for_the_api_to_judge(String typed,
                                                                                                   String read) {
        assertThat(FrenchText.isoDate(typed)).isEqualTo(read);
        assertThat(FrenchText.isoDate(null)).isNull();
    }

    @Test
    void the_school_year_starts_on_the_first_of_september() {
        assertThat(FrenchText.schoolYearStart(LocalDate.of(2026, 8, 31))).isEqualTo(LocalDate.of(2025, 9, 1));
        assertThat(FrenchText.schoolYearStart(LocalDate.of(2026, 9, 1))).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(text.schoolYear()).isEqualTo("2026-2027");
        assertThat(text.schoolYearStart()).isEqualTo(Instant.parse("2026-08-31T22:00:00Z"));
        assertThat(at("2027-03-01T09:00:00Z").schoolYear()).isEqualTo("2026-2027");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "role         | PUPIL             | Élève",
            "status       | SUSPENDED         | Suspendu",
            "status       | ERASED            | Fermé",
            "origin       | MANUAL            | Saisie à l’écran",
            "type         | AccountCreated    | Création du compte",
            "type         | AccountTeleported | AccountTeleported",
            "field        | classGroup        | Classe",
            "kind         | ARRIVAL           | Arrivée",
            "importStatus | PLANNED           | À vérifier",
            "origin       |                   | —"})
    void codes_are_said_in_french_and_unknown_ones_are_shown_as_they_are(String what, String code, String word) {
        String said = switch (what) {
            case "role" -> text.role(code);
            case "status" -> text.status(code);
            case "origin" -> text.origin(code);
            case "type" -> text.type(code);
            case "field" -> text.field(code);
            case "kind" -> text.kind(code);
            default -> text.importStatus(code);
        };
        assertThat(said).isEqualTo(word);
        assertThat(text.label(what, code)).isEqualTo(what.equals("role") || what.equals("status") ? word
                : code == null ? FrenchText.NONE : code);
    }

    @Test
    void values_of_a_change_are_read_as_a_person_reads_them() {
        assertThat(text.value("status", "ACTIVE")).isEqualTo("Actif");
        assertThat(text.value("role", "STAFF")).isEqualTo("Personnel");
        assertThat(text.value("birthDate", "2019-03-25")).isEqualTo("25/03/2019");
        assertThat(text.value("classGroup", "CE1 A")).isEqualTo("CE1 A");
        assertThat(text.value("password", "(new password)")).startsWith("nouveau mot de passe")
                .doesNotContain("(new password)");
        assertThat(text.value("usageName", null)).isEqualTo("—");
        assertThat(text.value("usageName", " ")).isEqualTo("—");
    }

    @Test
    void an_opened_account_shows_only_its_login_class_and_level_in_a_list_of_changes() {
        List<FieldChange> fields = List.of(new FieldChange("lastName", null, "MARTIN"),
                new FieldChange("login", null, "lea.martin"), new FieldChange("classGroup", null, "CP A"));
        assertThat(text.shown("AccountCreated", fields)).extracting(FieldChange::field).containsExactly("login", "classGroup");
        assertThat(text.shown("AccountClassChanged", fields)).isEqualTo(fields);
    }

    @Test
    void counts_agree_with_their_number_and_lists_end_with_et() {
        assertThat(FrenchText.count(0, "import", "imports")).isEqualTo("0 import");
        assertThat(FrenchText.count(1, "import", "imports")).isEqualTo("1 import");
        assertThat(FrenchText.count(2, "import", "imports")).isEqualTo("2 imports");
        assertThat(FrenchText.list(List.of())).isEmpty();
        assertThat(FrenchText.list(List.of(2))).isEqualTo("2");
        assertThat(FrenchText.list(List.of(2, 5))).isEqualTo("2 et 5");
        assertThat(FrenchText.list(List.of(2, 5, 7))).isEqualTo("2, 5 et 7");
    }
}
