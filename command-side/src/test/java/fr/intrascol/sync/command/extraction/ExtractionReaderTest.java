package fr.intrascol.sync.command.extraction;

import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fixtures of test-fixtures/be1d, read as their README says they must be. */
class ExtractionReaderTest {

    private final ExtractionReader reader = new ExtractionReader(ExtractionReader.Limits.defaults());

    static byte[] fixture(String path) {
        return Fixtures.be1d(path);
    }

    @Test
    void an_onde_extraction_in_windows_1252_gives_every_pupil() {
        Extraction extraction = reader.read(fixture("onde-2026/0170001J.csv"));
        assertThat(extraction.format()).isEqualTo(Extraction.Format.ONDE);
        assertThat(extraction.encoding()).isEqualTo("Windows-1252");
        assertThat(extraction.separator()).isEqualTo(';');
        assertThat(extraction.problems()).isEmpty();
        assertThat(extraction.rows()).hasSize(extraction.dataLines()).hasSizeGreaterThan(30);
        PupilRow first = extraction.rows().get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.name().lastName()).isEqualTo("D'ALMEIDA");
        assertThat(first.name().firstName()).isEqualTo("Héloïse");
        assertThat(first.birthDate()).hasToString("2023-05-03");
        assertThat(first.ine()).isEqualTo("986923535SL");
        assertThat(first.level()).isEqualTo(Level.PS);
        assertThat(first.classGroup().label()).isEqualTo("PS M. CARON");
    }

    @Test
    void a_base_eleves_extraction_has_no_ine_and_its_own_header() {
        Extraction extraction = reader.read(fixture("be1d-2010/0170003L.csv"));
        assertThat(extraction.format()).isEqualTo(Extraction.Format.BASE_ELEVES);
        assertThat(extraction.problems()).isEmpty();
        assertThat(extraction.rows()).allSatisfy(r -> assertThat(r.ine()).isNull());
        assertThat(extraction.rows().get(0).classGroup().label()).isEqualTo("01 PETITE SECTION-MOYENNE SECTION");
    }

    @Test
    void utf8_with_a_bom_reads_the_same_as_windows_1252() {
        byte[] cp1252 = fixture("onde-utf8-bom/0170004M.csv");
        Extraction bom = reader.read(cp1252);
        assertThat(bom.encoding()).isEqualTo("UTF-8 (BOM)");
        assertThat(bom.problems()).isEmpty();
        String text = new String(cp1252, 3, cp1252.length - 3, StandardCharsets.UTF_8);
        Extraction resaved = reader.read(text.getBytes(Charset.forName("windows-1252")));
        assertThat(resaved.encoding()).isEqualTo("Windows-1252");
        assertThat(resaved.rows()).isEqualTo(bom.rows());
        Extraction plainUtf8 = reader.read(text.getBytes(StandardCharsets.UTF_8));
        assertThat(plainUtf8.rows()).isEqualTo(bom.rows());
        assertThat(bom.rows()).anySatisfy(r -> assertThat(r.name().firstName() + r.name().lastName()).containsPattern("[éèëïôç]"));
    }

    @Test
    void the_separator_is_detected() {
        Extraction extraction = reader.read(fixture("variants/comma-separated.csv"));
        assertThat(extraction.separator()).isEqualTo(',');
        assertThat(extraction.problems()).isEmpty();
        assertThat(extraction.rows()).isNotEmpty();
        String tabbed = new String(fixture("variants/comma-separated.csv"), Charset.forName("windows-1252"))
                .replace(',', '\t');
        assertThat(reader.read(tabbed.getBytes(Charset.forName("windows-1252"))).rows())
                .isEqualTo(extraction.rows());
    }

    @Test
    void column_order_does_not_matter_and_unknown_columns_are_ignored() {
        String csv = "Niveau;Couleur préférée;Date naissance;Prénom élève;Libellé classe;Nom élève\r\n"
                + "CE1;bleu;05/06/2018;Zoé;CE1 A;MARTIN\r\n";
        Extraction extraction = reader.read(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(extraction.problems()).isEmpty();
        assertThat(extraction.rows()).singleElement().satisfies(r -> {
            assertThat(r.name().lastName()).isEqualTo("MARTIN");
            assertThat(r.level()).isEqualTo(Level.CE1);
            assertThat(r.ine()).isNull();
        });
    }

    @Test
    void an_empty_file_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> reader.read(fixture("bad/empty.csv")))
                .isInstanceOf(ExtractionRejectedException.class).hasMessageContaining("empty");
    }

    @Test
    void a_missing_required_column_is_named() {
        assertThatThrownBy(() -> reader.read(fixture("bad/missing-birthdate-column.csv")))
                .isInstanceOf(ExtractionRejectedException.class).hasMessageContaining("«Date naissance»");
    }

    @Test
    void each_bad_value_is_reported_with_its_line_and_why() {
        Extraction extraction = reader.read(fixture("bad/bad-values.csv"));
        assertThat(extraction.rows()).isEmpty();
        assertThat(extraction.problems()).extracting(RowProblem::line, RowProblem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "INVALID_DATE"),
                org.assertj.core.groups.Tuple.tuple(3, "INVALID_NAME"),
                org.assertj.core.groups.Tuple.tuple(4, "INVALID_SEX"),
                org.assertj.core.groups.Tuple.tuple(4, "UNKNOWN_LEVEL"),
                org.assertj.core.groups.Tuple.tuple(5, "INVALID_DATE"));
        assertThat(extraction.problems().get(0).message()).contains("31/02/2019");
        assertThat(extraction.problems().get(0).column()).isEqualTo("Date naissance");
        assertThat(extraction.problems().get(1).message()).contains("surname is required");
        assertThat(extraction.problems().get(3).message()).contains("'CX'");
        assertThat(extraction.problems().get(4).message()).contains("2019-13-12", "yyyy-MM-dd");
    }

    @Test
    void a_current_onde_export_with_dates_year_first_in_iso_8859_1_reads_like_the_older_one() {
        Extraction older = reader.read(fixture("onde-2026/0170001J.csv"));
        Extraction current = reader.read(fixture("onde-iso-dates/0170001J.csv"));
        assertThat(current.problems()).isEmpty();
        assertThat(current.rows()).usingRecursiveFieldByFieldElementComparator().isEqualTo(older.rows());
        assertThat(current.rows().get(0).name().firstName()).isEqualTo("Héloïse");
    }

    @Test
    void both_date_forms_are_read_in_every_header_style_and_only_dates_that_do_not_exist_are_errors() {
        for (String header : List.of(
                "Nom élève;Nom d'usage élève;Prénom élève;Date naissance;Sexe;INE;Niveau;Libellé classe",
                "Nom Elève;Nom d'usage Elève;Prénom Elève;Date naissance;Sexe;Niveau;Classe")) {
            boolean onde = header.contains("INE");
            String text = header + "\r\n"
                    + row(onde, 1, "MARTIN;;Léa;2019-03-25") + row(onde, 2, "DUBOIS;;Noé;25/3/2019")
                    + row(onde, 3, "PETIT;;Zoé;2019-3-5") + row(onde, 4, "ROUX;;Inès;2019-02-29")
                    + row(onde, 5, "BLANC;;Jade;31/02/2019") + row(onde, 6, "NOIR;;Paul;2019-13-12");
            for (Charset charset : List.of(StandardCharsets.ISO_8859_1, Charset.forName("windows-1252"),
                    StandardCharsets.UTF_8)) {
                Extraction extraction = reader.read(text.getBytes(charset));
                assertThat(extraction.rows()).as(header + " " + charset).extracting(r -> r.birthDate().toString())
                        .containsExactly("2019-03-25", "2019-03-25", "2019-03-05");
                assertThat(extraction.rows().get(0).name().firstName()).isEqualTo("Léa");
                assertThat(extraction.problems()).extracting(RowProblem::line, RowProblem::code).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(5, "INVALID_DATE"),
                        org.assertj.core.groups.Tuple.tuple(6, "INVALID_DATE"),
                        org.assertj.core.groups.Tuple.tuple(7, "INVALID_DATE"));
            }
        }
    }

    private static String row(boolean onde, int number, String namesAndDate) {
        return namesAndDate + ";F;" + (onde ? String.format("%09dAB;", number) : "") + "CP;CP Mme MARTIN\r\n";
    }

    @Test
    void a_pupil_listed_twice_and_an_ine_on_two_people_are_both_reported() {
        Extraction extraction = reader.read(fixture("bad/duplicate-rows.csv"));
        List<RowProblem> problems = extraction.problems();
        assertThat(problems).extracting(RowProblem::line, RowProblem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "DUPLICATE_PUPIL"),
                org.assertj.core.groups.Tuple.tuple(4, "INE_CONFLICT"),
                org.assertj.core.groups.Tuple.tuple(5, "INE_CONFLICT"));
        assertThat(problems.get(0).message()).contains("line 2");
        assertThat(extraction.rows()).extracting(PupilRow::line).containsExactly(2);
    }

    @Test
    void names_that_look_like_code_are_kept_as_plain_text() {
        Extraction extraction = reader.read(fixture("bad/injection-attempts.csv"));
        assertThat(extraction.problems()).isEmpty();
        assertThat(extraction.rows()).extracting(r -> r.name().lastName())
                .containsExactly("=HYPERLINK(\"http://x\")", "DUPONT,ou=admins", "<script>alert(1)</script>");
        assertThat(extraction.rows().get(1).name().firstName()).isEqualTo("Hugo*)(uid=*");
    }

    @Test
    void homonyms_with_other_birth_dates_stay_two_pupils() {
        Extraction extraction = reader.read(fixture("bad/partial-one-class.csv"));
        assertThat(extraction.problems()).isEmpty();
        assertThat(extraction.rows()).filteredOn(r -> r.name().lastName().equals("DURAND")).hasSize(2);
    }

    @Test
    void files_that_are_not_csv_are_refused_cleanly() {
        assertThatThrownBy(() -> reader.read("%PDF-1.7 ...".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("PDF");
        assertThatThrownBy(() -> reader.read(new byte[]{0x50, 0x4B, 0x03, 0x04, 1, 2}))
                .hasMessageContaining("spreadsheet");
        assertThatThrownBy(() -> reader.read("just some text\nwithout columns\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a CSV");
        assertThatThrownBy(() -> reader.read("Nom élève;Prénom élève\r\n\"MARTIN;Léa\r\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ExtractionRejectedException.class);
    }

    @Test
    void size_and_row_limits_protect_the_server() {
        ExtractionReader small = new ExtractionReader(new ExtractionReader.Limits(1000, 2));
        assertThatThrownBy(() -> small.read(fixture("onde-2026/0170001J.csv")))
                .hasMessageContaining("at most 0 KB").hasMessageContaining("single school");
        ExtractionReader fewRows = new ExtractionReader(new ExtractionReader.Limits(10_000_000, 2));
        assertThatThrownBy(() -> fewRows.read(fixture("onde-2026/0170001J.csv")))
                .hasMessageContaining("more than 2 pupils");
    }

    private static final String HEADER = "Nom élève;Nom d'usage élève;Prénom élève;Date naissance;Sexe;INE;Niveau;"
            + "Libellé classe\n";

    @Test
    void an_unclosed_quote_is_described_in_plain_words_with_its_line_and_no_class_name() {
        byte[] file = (HEADER + "MARTIN;;Léa;25/03/2019;F;123456789AB;CP;CP A\n"
                + "\"DUBOIS;;Noé;12/03/2019;M;223456789AB;CP;CP A\n"
                + "PETIT;;Zoé;12/03/2019;F;323456789AB;CP;CP A\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(ExtractionRejectedException.class)
                .hasMessageContaining("an opening quote is never closed (line 3)")
                .hasMessageNotContaining("org.").hasMessageNotContaining("java.")
                .hasMessageNotContaining("Exception").hasMessageNotContaining("encapsulated");
    }

    @Test
    void a_quote_followed_by_other_characters_is_described_in_plain_words() {
        byte[] file = (HEADER + "\"MARTIN\"X;;Léa;25/03/2019;F;123456789AB;CP;CP A\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(ExtractionRejectedException.class)
                .hasMessageContaining("a closing quote is followed by other characters")
                .hasMessageContaining("(line 2)")
                .hasMessageNotContaining("Exception").hasMessageNotContaining("encapsulated");
    }

    @Test
    void a_name_with_an_invisible_character_is_a_row_problem_on_its_line() {
        byte[] file = (HEADER + "MARTIN;;Léa;25/03/2019;F;123456789AB;CP;CP A\n"
                + "DUP\u202EONT;;Noé;12/03/2019;M;223456789AB;CP;CP A\n").getBytes(StandardCharsets.UTF_8);
        Extraction extraction = reader.read(file);
        assertThat(extraction.rows()).extracting(PupilRow::line).containsExactly(2);
        assertThat(extraction.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.code()).isEqualTo("INVALID_NAME");
            assertThat(problem.column()).isEqualTo("Nom élève");
            assertThat(problem.message()).contains("U+202E RIGHT-TO-LEFT OVERRIDE", "position 4");
        });
    }
}
