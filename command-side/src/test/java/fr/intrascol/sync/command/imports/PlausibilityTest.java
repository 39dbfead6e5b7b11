package fr.intrascol.sync.command.imports;

import fr.intrascol.sync.command.extraction.Extraction;
import fr.intrascol.sync.command.extraction.ExtractionReader;
import fr.intrascol.sync.message.imports.PlanWarning;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PlausibilityTest {

    private static final LocalDate UPLOAD = LocalDate.of(2026, 9, 5);

    private static PupilRow row(int line, String born, Level level, String classLabel) {
        return new PupilRow(line, new PersonName("MARTIN", null, "Léa"), born == null ? null : LocalDate.parse(born),
                "F", null, level, ClassGroup.ofNullable(classLabel));
    }

    private static List<PlanWarning> check(LocalDate today, PupilRow... rows) {
        return Plausibility.check(List.of(rows), today);
    }

    private static List<String> codes(List<PlanWarning> warnings) {
        return warnings.stream().map(PlanWarning::code).toList();
    }

    // --- AGE_LEVEL ---------------------------------------------------------------------------------

    @Test
    void a_pupil_born_twelve_years_ago_in_ps_is_flagged() {
        List<PlanWarning> warnings = check(UPLOAD, row(7, "2014-03-12", Level.PS, "PS M. CARON"));

        assertThat(warnings).extracting(PlanWarning::code, PlanWarning::lines)
                .containsExactly(tuple("AGE_LEVEL", List.of(7)));
        assertThat(warnings.get(0).message())
                .startsWith("Line 7: ")
                .contains("12/03/2014", "turns 12 in 2026", "PS pupils turn 3", "1 to 5");
    }

    @Test
    void pupils_of_the_usual_age_for_their_level_get_no_warning() {
        assertThat(check(UPLOAD,
                row(2, "2024-02-01", Level.TPS, "TPS-PS Mme HUET"),
                row(3, "2023-05-03", Level.PS, "PS M. CARON"),
                row(4, "2022-12-31", Level.MS, "MS M. ROYER"),
                row(5, "2021-01-01", Level.GS, "GS Mme HUET"),
                row(6, "2020-06-15", Level.CP, "CP Mme COLIN"),
                row(7, "2019-06-15", Level.CE1, "CE1 Mme BARBIER"),
                row(8, "2018-06-15", Level.CE2, "CE2 Mme MARTIN"),
                row(9, "2017-06-15", Level.CM1, "CM1 Mme RENAUD"),
                row(10, "2016-06-15", Level.CM2, "CM2 M. CARON"))).isEmpty();
    }

    @Test
    void two_years_off_is_tolerated_and_three_years_off_is_flagged() {
        List<PlanWarning> warnings = check(UPLOAD,
                row(2, "2021-06-01", Level.PS, "PS"),   // turns 5: two years older than usual
                row(3, "2020-06-01", Level.PS, "PS"),   // turns 6: three years older
                row(4, "2018-06-01", Level.CM2, "CM2"), // turns 8: two years younger
                row(5, "2019-06-01", Level.CM2, "CM2")); // turns 7: three years younger

        assertThat(warnings).extracting(PlanWarning::code, PlanWarning::lines)
                .containsExactly(tuple("AGE_LEVEL", List.of(3)), tuple("AGE_LEVEL", List.of(5)));
    }

    @Test
    void the_school_year_starts_on_the_first_of_september() {
        PupilRow gsAgeInPs = row(2, "2021-06-01", Level.PS, "PS");

        // School year 2026-2027 until 31 August 2027: the pupil turns 5 in 2026, two years off.
        assertThat(check(LocalDate.of(2027, 8, 31), gsAgeInPs)).isEmpty();
        // From 1 September 2027, school year 2027-2028: the pupil turns 6 in 2027, three years off.
        assertThat(codes(check(LocalDate.of(2027, 9, 1), gsAgeInPs))).containsExactly("AGE_LEVEL");
        assertThat(codes(check(LocalDate.of(2027, 12, 31), gsAgeInPs))).containsExactly("AGE_LEVEL");
        assertThat(check(LocalDate.of(2027, 1, 1), gsAgeInPs)).isEmpty();
    }

    @Test
    void rows_without_birth_date_or_level_are_not_checked() {
        assertThat(check(UPLOAD,
                row(2, null, Level.PS, "PS M. CARON"),
                row(3, "2014-03-12", null, "PS M. CARON"))).isEmpty();
    }

    // --- BIRTH_DATE_IN_FUTURE -----------------------------------------------------------------------

    @Test
    void a_birth_date_after_the_upload_is_flagged_once_without_an_age_warning() {
        List<PlanWarning> warnings = check(UPLOAD, row(4, "2026-09-06", Level.PS, "PS M. CARON"));

        assertThat(warnings).extracting(PlanWarning::code, PlanWarning::lines)
                .containsExactly(tuple("BIRTH_DATE_IN_FUTURE", List.of(4)));
        assertThat(warnings.get(0).message()).startsWith("Line 4: ").contains("06/09/2026", "05/09/2026");
    }

    @Test
    void a_birth_date_exactly_today_is_not_in_the_future() {
        // Born today, in TPS: turns 0 in 2026, two years from the usual 2, so no warning at all.
        assertThat(check(UPLOAD, row(2, "2026-09-05", Level.TPS, "TPS"))).isEmpty();
    }

    // --- CLASS_LEVEL_MISMATCH -----------------------------------------------------------------------

    @Test
    void a_ps_pupil_in_a_cm2_class_is_flagged() {
        List<PlanWarning> warnings = check(UPLOAD, row(9, "2023-05-03", Level.PS, "CM2 Mme LEROUX"));

        assertThat(warnings).extracting(PlanWarning::code, PlanWarning::lines)
                .containsExactly(tuple("CLASS_LEVEL_MISMATCH", List.of(9)));
        assertThat(warnings.get(0).message())
                .startsWith("Line 9: ")
                .contains("\"CM2 Mme LEROUX\"", "is for CM2", "level is PS");
    }

    @Test
    void a_pupil_of_one_of_the_levels_of_a_mixed_class_gets_no_warning() {
        assertThat(check(UPLOAD,
                row(2, "2017-06-01", Level.CM1, "CE2-CM1 M. X"),
                row(3, "2018-06-01", Level.CE2, "CE2-CM1 M. X"),
                row(4, "2022-06-01", Level.MS, "PS-MS M. CARON"),
                row(5, "2019-06-01", Level.CE1, "01 COURS PREPARATOIRE-COURS ELEMENTAIRE 1"),
                row(6, "2020-06-01", Level.CP, "01 COURS PREPARATOIRE-COURS ELEMENTAIRE 1"),
                row(7, "2022-06-01", Level.MS, "01 PETITE SECTION-MOYENNE SECTION"),
                row(8, "2018-06-01", Level.CE2, "Cours élémentaire deuxième année"),
                row(9, "2016-06-01", Level.CM2, "06 COURS MOYEN 1-COURS MOYEN 2"),
                row(10, "2019-06-01", Level.CE1, "cp/ce1 Mme Colin"))).isEmpty();
    }

    @Test
    void a_pupil_of_another_level_than_a_mixed_class_names_is_flagged() {
        List<PlanWarning> warnings = check(UPLOAD,
                row(2, "2016-06-01", Level.CM2, "CE2-CM1 M. X"),
                row(3, "2018-06-01", Level.CE2, "01 COURS PREPARATOIRE-COURS ELEMENTAIRE 1"),
                row(4, "2017-06-01", Level.CM1, "Cours moyen deuxième année"));

        assertThat(warnings).extracting(PlanWarning::code, PlanWarning::lines).containsExactly(
                tuple("CLASS_LEVEL_MISMATCH", List.of(2)),
                tuple("CLASS_LEVEL_MISMATCH", List.of(3)),
                tuple("CLASS_LEVEL_MISMATCH", List.of(4)));
        assertThat(warnings.get(0).message()).contains("is for CE2/CM1", "level is CM2");
        assertThat(warnings.get(1).message()).contains("is for CP/CE1", "level is CE2");
    }

    @Test
    void petite_section_inside_toute_petite_section_is_tps_not_ps() {
        assertThat(Plausibility.levelsNamed("TOUTE PETITE SECTION")).containsExactly(Level.TPS);
        assertThat(Plausibility.levelsNamed("Toute petite section - petite section")).containsExactly(Level.TPS, Level.PS);
        assertThat(codes(check(UPLOAD, row(2, "2023-05-03", Level.PS, "TOUTE PETITE SECTION"))))
                .containsExactly("CLASS_LEVEL_MISMATCH");
        assertThat(check(UPLOAD, row(2, "2024-05-03", Level.TPS, "TOUTE PETITE SECTION"))).isEmpty();
    }

    @Test
    void a_class_naming_no_level_gets_no_warning() {
        assertThat(check(UPLOAD,
                row(2, "2023-05-03", Level.PS, "Classe des Dauphins"),
                row(3, "2020-05-03", Level.CP, "Classe ULIS GSM"),       // gs only as part of a word
                row(4, "2016-05-03", Level.CM2, "Salle CP2 M. CEPS"),   // cp and ps only inside words
                row(5, "2016-05-03", Level.CM2, null))).isEmpty();
    }

    @Test
    void levels_are_read_as_whole_words_of_the_folded_label() {
        assertThat(Plausibility.levelsNamed("CE2-CM1 M. X")).containsExactly(Level.CE2, Level.CM1);
        assertThat(Plausibility.levelsNamed("GS/CP Mme Élodie")).containsExactly(Level.GS, Level.CP);
        assertThat(Plausibility.levelsNamed("Grande Section")).containsExactly(Level.GS);
        assertThat(Plausibility.levelsNamed("COURS ÉLÉMENTAIRE PREMIÈRE ANNÉE")).containsExactly(Level.CE1);
        assertThat(Plausibility.levelsNamed("CPE Mme PSAUME")).isEmpty();
    }

    // --- together ------------------------------------------------------------------------------------

    @Test
    void one_warning_per_row_and_check_in_row_order() {
        List<PlanWarning> warnings = check(UPLOAD,
                row(2, "2023-05-03", Level.PS, "PS M. CARON"),
                row(3, "2014-03-12", Level.PS, "CM2 Mme LEROUX"),
                row(4, "2027-01-01", Level.CP, "CE1 Mme BARBIER"),
                row(5, "2020-06-01", Level.CP, "CP Mme COLIN"));

        assertThat(warnings).extracting(PlanWarning::code, PlanWarning::lines).containsExactly(
                tuple("AGE_LEVEL", List.of(3)),
                tuple("CLASS_LEVEL_MISMATCH", List.of(3)),
                tuple("BIRTH_DATE_IN_FUTURE", List.of(4)),
                tuple("CLASS_LEVEL_MISMATCH", List.of(4)));
    }

    // --- the fixtures: realistic schools give no false positive ---------------------------------------

    @Test
    void the_fixture_schools_give_no_warning() {
        assertNoWarning("onde-2026/0170001J.csv", LocalDate.of(2026, 9, 5));
        assertNoWarning("onde-2026/0170002K.csv", LocalDate.of(2026, 9, 5));
        assertNoWarning("onde-2027/0170001J.csv", LocalDate.of(2027, 9, 5));
        assertNoWarning("onde-2027/0170002K.csv", LocalDate.of(2027, 9, 5));
        assertNoWarning("be1d-2010/0170003L.csv", LocalDate.of(2010, 9, 5));
    }

    private static void assertNoWarning(String path, LocalDate today) {
        Extraction extraction = new ExtractionReader(ExtractionReader.Limits.defaults()).read(fixture(path));
        assertThat(extraction.rows()).as(path).hasSizeGreaterThan(30);
        // Every fixture class names its levels, so the class check really ran on every row.
        assertThat(extraction.rows()).as(path)
                .allSatisfy(r -> assertThat(Plausibility.levelsNamed(r.classGroup().label())).contains(r.level()));
        assertThat(Plausibility.check(extraction.rows(), today)).as(path).isEmpty();
    }

    private static byte[] fixture(String path) {
        return Fixtures.be1d(path);
    }
}
