package fr.intrascol.sync.command.extraction;

import fr.intrascol.sync.command.login.LoginPolicy;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.testsupport.ExtractionGenerator;
import fr.intrascol.sync.testsupport.ExtractionGenerator.Encoding;
import fr.intrascol.sync.testsupport.ExtractionGenerator.GeneratedPupil;
import fr.intrascol.sync.testsupport.ExtractionGenerator.Style;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractionGeneratorTest {

    private final ExtractionReader reader = new ExtractionReader(ExtractionReader.Limits.defaults());

    /** Last year's files read back with this module's reader, as the tools' generate command does. */
    private static final ExtractionGenerator.LastYearReader LAST_YEAR = (file, content, err) ->
            new ExtractionReader(ExtractionReader.Limits.defaults()).read(content).rows();

    static Stream<Arguments> stylesAndEncodings() {
        return Stream.of(Style.values()).flatMap(s -> Stream.of(Encoding.values()).map(e -> Arguments.of(s, e)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stylesAndEncodings")
    void a_generated_file_reads_back_with_no_problem_and_every_pupil(Style style, Encoding encoding) {
        ExtractionGenerator generator = new ExtractionGenerator(2026);
        List<GeneratedPupil> year1 = generator.firstYear(180, 2026);
        List<GeneratedPupil> year2 = generator.nextYear(year1, 2027);
        for (List<GeneratedPupil> pupils : List.of(year1, year2)) {
            byte[] file = ExtractionGenerator.write(pupils, style, encoding);
            Extraction extraction = reader.read(file);

            assertThat(extraction.problems()).isEmpty();
            assertThat(extraction.dataLines()).isEqualTo(pupils.size());
            assertThat(extraction.rows()).hasSize(pupils.size());
            assertThat(extraction.format()).isEqualTo(style == Style.ONDE ? Extraction.Format.ONDE
                    : Extraction.Format.BASE_ELEVES);
            assertThat(extraction.encoding()).isEqualTo(encoding == Encoding.UTF_8_BOM ? "UTF-8 (BOM)" : "Windows-1252");
            assertThat(extraction.separator()).isEqualTo(';');

            List<GeneratedPupil> order = ExtractionGenerator.fileOrder(pupils);
            for (PupilRow row : extraction.rows()) {
                GeneratedPupil pupil = order.get(row.line() - 2);
                assertThat(row.name()).isEqualTo(pupil.name());
                assertThat(row.birthDate()).isEqualTo(pupil.birthDate());
                assertThat(row.sex()).isEqualTo(pupil.sex());
                assertThat(row.ine()).isEqualTo(style == Style.ONDE ? pupil.ine() : null);
                assertThat(row.level()).isEqualTo(pupil.level());
                assertThat(row.classGroup().label()).isEqualTo(pupil.schoolClass().label(style));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stylesAndEncodings")
    void the_file_has_the_exports_header_crlf_lines_and_an_empty_last_line(Style style, Encoding encoding) {
        byte[] file = ExtractionGenerator.write(new ExtractionGenerator(5).firstYear(40, 2026), style, encoding);
        String text;
        if (encoding == Encoding.UTF_8_BOM) {
            assertThat(Arrays.copyOf(file, 3)).containsExactly(0xEF, 0xBB, 0xBF);
            text = new String(file, 3, file.length - 3, StandardCharsets.UTF_8);
        } else {
            text = new String(file, Charset.forName("windows-1252"));
            assertThat(text).doesNotStartWith("\uFEFF");
        }
        String onde = "Nom élève;Nom d'usage élève;Prénom élève;Date naissance;Sexe;INE;Adresse1;Cp1;Commune1;Pays1;"
                + "Adresse2;Cp2;Commune2;Pays2; Cycle;Niveau;Libellé classe;Identifiant classe;Attestation fournie;"
                + "Autorisation associations;Autorisation photo;Décision de passage";
        String baseEleves = "Nom Elève;Nom d'usage Elève;Prénom Elève;Date naissance;Sexe;Adresse1;Cp1;Commune1;Pays1;"
                + "Adresse2;Cp2;Commune2;Pays2;Cycle;Niveau;Classe;Attestation fournie;Autorisations associations;"
                + "Autorisations photos;Décision de passage";
        assertThat(text).startsWith((style == Style.ONDE ? onde : baseEleves) + "\r\n");
        assertThat(text).endsWith("\r\n\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(text).containsPattern(";\\d{2}/\\d{2}/\\d{4};[MF];");
        if (style == Style.BASE_ELEVES) {
            assertThat(text).containsPattern(";\\d{2} (PETITE SECTION|MOYENNE SECTION|GRANDE SECTION|COURS [A-Z 12]+)"
                    + "(-[A-Z 12]+)?;");
        }
    }

    @Test
    void the_same_seed_writes_the_same_bytes_and_another_seed_other_bytes() {
        for (Style style : Style.values()) {
            for (Encoding encoding : Encoding.values()) {
                assertThat(twoYears(99, style, encoding)).isEqualTo(twoYears(99, style, encoding));
                assertThat(twoYears(99, style, encoding)).isNotEqualTo(twoYears(100, style, encoding));
            }
        }
    }

    private static byte[] twoYears(long seed, Style style, Encoding encoding) {
        ExtractionGenerator generator = new ExtractionGenerator(seed);
        List<GeneratedPupil> year1 = generator.firstYear(150, 2026);
        byte[] first = ExtractionGenerator.write(year1, style, encoding);
        byte[] second = ExtractionGenerator.write(generator.nextYear(year1, 2027), style, encoding);
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void the_next_year_lets_cm2_go_moves_levels_up_and_keeps_the_ines() {
        ExtractionGenerator generator = new ExtractionGenerator(7);
        List<GeneratedPupil> year1 = generator.firstYear(300, 2026);
        List<GeneratedPupil> year2 = generator.nextYear(year1, 2027);
        Map<Integer, GeneratedPupil> before = year1.stream().collect(Collectors.toMap(GeneratedPupil::id, Function.identity()));
        List<GeneratedPupil> stayed = year2.stream().filter(p -> before.containsKey(p.id())).toList();

        assertThat(stayed).noneMatch(p -> before.get(p.id()).level() == Level.CM2);
        assertThat(stayed).hasSizeGreaterThan((int) (0.8 * year1.stream().filter(p -> p.level() != Level.CM2).count()));
        long movedUp = stayed.stream().filter(p -> p.level().ordinal() == before.get(p.id()).level().ordinal() + 1).count();
        assertThat(movedUp).isGreaterThan(stayed.size() * 85L / 100);
        assertThat(stayed).allMatch(p -> p.level() == before.get(p.id()).level() || movedUp(before.get(p.id()), p));
        long changedClass = stayed.stream().filter(p -> !p.schoolClass().label(Style.ONDE)
                .equals(before.get(p.id()).schoolClass().label(Style.ONDE))).count();
        assertThat(changedClass).isGreaterThan(stayed.size() / 2L);
        assertThat(stayed).allMatch(p -> p.ine().equals(before.get(p.id()).ine())
                && p.birthDate().equals(before.get(p.id()).birthDate()));
        assertThat(year2).filteredOn(p -> !before.containsKey(p.id())).isNotEmpty()
                .anyMatch(p -> p.level() == Level.PS)
                .allMatch(p -> year1.stream().noneMatch(q -> q.ine().equals(p.ine())));

        // the same, through the ONDE files: every INE of year 2 that year 1 had is the same child, a level up or held back
        Map<String, PupilRow> rows1 = reader.read(ExtractionGenerator.write(year1, Style.ONDE, Encoding.WINDOWS_1252))
                .rows().stream().collect(Collectors.toMap(PupilRow::ine, Function.identity()));
        List<PupilRow> rows2 = reader.read(ExtractionGenerator.write(year2, Style.ONDE, Encoding.WINDOWS_1252)).rows();
        List<PupilRow> kept = rows2.stream().filter(r -> rows1.containsKey(r.ine())).toList();
        assertThat(kept).hasSize(stayed.size());
        assertThat(kept).allSatisfy(r -> {
            PupilRow was = rows1.get(r.ine());
            assertThat(was.level()).isNotEqualTo(Level.CM2);
            assertThat(r.birthDate()).isEqualTo(was.birthDate());
            assertThat(r.level().ordinal() - was.level().ordinal()).isBetween(0, 1);
        });
    }

    private static boolean movedUp(GeneratedPupil before, GeneratedPupil after) {
        return after.level().ordinal() == before.level().ordinal() + 1;
    }

    @Test
    void over_a_few_years_names_are_corrected_now_and_then_and_usage_names_change() {
        ExtractionGenerator generator = new ExtractionGenerator(11);
        List<GeneratedPupil> year = generator.firstYear(300, 2020);
        int corrected = 0;
        int usage = 0;
        for (int y = 2021; y <= 2030; y++) {
            Map<Integer, GeneratedPupil> before = year.stream().collect(Collectors.toMap(GeneratedPupil::id, Function.identity()));
            year = generator.nextYear(year, y);
            for (GeneratedPupil p : year) {
                GeneratedPupil was = before.get(p.id());
                if (was != null && !was.firstName().equals(p.firstName())) {
                    corrected++;
                    assertThat(p.lastName()).isEqualTo(was.lastName());
                }
                if (was != null && !Objects.equals(was.usageName(), p.usageName())) {
                    usage++;
                }
            }
            assertThat(reader.read(ExtractionGenerator.write(year, Style.BASE_ELEVES, Encoding.WINDOWS_1252))
                    .problems()).as("year %d", y).isEmpty();
        }
        assertThat(corrected).isPositive();
        assertThat(usage).isPositive();
    }

    @Test
    void the_first_year_has_twins_and_true_homonyms() {
        List<GeneratedPupil> year1 = new ExtractionGenerator(3).firstYear(120, 2026);
        Extraction file = reader.read(ExtractionGenerator.write(year1, Style.BASE_ELEVES, Encoding.WINDOWS_1252));
        assertThat(file.problems()).isEmpty();

        Map<String, List<PupilRow>> sameSurnameAndBirth = file.rows().stream().collect(Collectors.groupingBy(
                r -> LoginPolicy.fold(r.name().lastName()) + "|" + r.birthDate()));
        assertThat(sameSurnameAndBirth.values()).anySatisfy(twins -> {
            assertThat(twins).hasSizeGreaterThan(1);
            assertThat(twins.stream().map(r -> LoginPolicy.fold(r.name().firstName())).distinct()).hasSize(twins.size());
        });
        Map<String, List<PupilRow>> sameNames = file.rows().stream().collect(Collectors.groupingBy(
                r -> LoginPolicy.fold(r.name().lastName()) + "|" + LoginPolicy.fold(r.name().firstName())));
        assertThat(sameNames.values()).anySatisfy(homonyms -> {
            assertThat(homonyms).hasSizeGreaterThan(1);
            assertThat(homonyms.stream().map(PupilRow::birthDate).distinct()).hasSize(homonyms.size());
        });
        // and the names are those of the register: accents, hyphens, apostrophes, particles
        String names = file.rows().stream().map(r -> r.name().lastName() + " " + r.name().firstName())
                .collect(Collectors.joining("|"));
        assertThat(names).containsPattern("[éèêëïîôöüçÉÈÎŒœ]").contains("-").containsPattern("[A-Z]'[A-Z]")
                .containsPattern("\\b(DE|DU|LE|VAN|EL) ");
    }

    @Test
    void a_school_of_one_or_two_pupils_is_fine() {
        for (int n = 1; n <= 3; n++) {
            ExtractionGenerator generator = new ExtractionGenerator(n);
            List<GeneratedPupil> year1 = generator.firstYear(n, 2026);
            assertThat(year1).hasSize(n);
            for (List<GeneratedPupil> year : List.of(year1, generator.nextYear(year1, 2027))) {
                Extraction read = reader.read(ExtractionGenerator.write(year, Style.ONDE, Encoding.UTF_8_BOM));
                assertThat(read.problems()).isEmpty();
                assertThat(read.rows()).hasSize(year.size());
            }
        }
    }

    @Test
    void main_writes_a_departement_then_its_next_year_from_the_files(@TempDir Path dir) throws IOException {
        Path y1 = dir.resolve("2026");
        Path y2 = dir.resolve("2027");
        ExtractionGenerator.main(new String[]{"--schools", "4", "--pupils", "60", "--year", "2026", "--out", y1.toString(),
                "--seed", "5"}, LAST_YEAR);
        Set<String> names = Set.of("0170001J.csv", ExtractionGenerator.uai(2) + ".csv",
                ExtractionGenerator.uai(3) + ".csv", ExtractionGenerator.uai(4) + ".csv");
        try (Stream<Path> files = Files.list(y1)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(names);
        }
        ExtractionGenerator.main(new String[]{"--schools", "4", "--year", "2027", "--out", y2.toString(),
                "--next-year-of", y1.toString(), "--seed", "5"}, LAST_YEAR);
        for (String name : names) {
            Extraction first = reader.read(Files.readAllBytes(y1.resolve(name)));
            Extraction next = reader.read(Files.readAllBytes(y2.resolve(name)));
            assertThat(first.problems()).isEmpty();
            assertThat(next.problems()).isEmpty();
            assertThat(first.rows()).hasSizeBetween(40, 80);
            Map<String, PupilRow> before = first.rows().stream().collect(Collectors.toMap(PupilRow::ine, Function.identity()));
            List<PupilRow> kept = next.rows().stream().filter(r -> before.containsKey(r.ine())).toList();
            assertThat(kept).isNotEmpty().allSatisfy(r -> {
                assertThat(before.get(r.ine()).level()).isNotEqualTo(Level.CM2);
                assertThat(r.birthDate()).isEqualTo(before.get(r.ine()).birthDate());
            });
            assertThat(next.rows()).anyMatch(r -> !before.containsKey(r.ine()) && r.level() == Level.PS);
        }
        // the same arguments write the same bytes
        Path again = dir.resolve("again");
        ExtractionGenerator.main(new String[]{"--schools", "4", "--pupils", "60", "--year", "2026", "--out",
                again.toString(), "--seed", "5"}, LAST_YEAR);
        for (String name : names) {
            assertThat(Files.readAllBytes(again.resolve(name))).isEqualTo(Files.readAllBytes(y1.resolve(name)));
        }
    }

    @Test
    void main_writes_base_eleves_in_utf8_and_refuses_bad_arguments(@TempDir Path dir) throws IOException {
        ExtractionGenerator.main(new String[]{"--schools", "2", "--pupils", "30", "--out", dir.toString(),
                "--style", "be1d-2010", "--encoding", "utf-8", "--first-school", "7"}, LAST_YEAR);
        for (int school : new int[]{7, 8}) {
            Extraction read = reader.read(Files.readAllBytes(dir.resolve(ExtractionGenerator.uai(school) + ".csv")));
            assertThat(read.format()).isEqualTo(Extraction.Format.BASE_ELEVES);
            assertThat(read.encoding()).isEqualTo("UTF-8 (BOM)");
            assertThat(read.problems()).isEmpty();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ExtractionGenerator.run(new String[]{"--schools", "2"},
                new PrintStream(err, true, StandardCharsets.UTF_8), LAST_YEAR)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out DIR is required");
        assertThat(ExtractionGenerator.run(new String[]{"--out", dir.toString(), "--style", "xml"},
                new PrintStream(err, true, StandardCharsets.UTF_8), LAST_YEAR)).isEqualTo(2);
        assertThat(ExtractionGenerator.run(new String[]{"--out", dir.resolve("y2").toString(), "--next-year-of",
                dir.resolve("missing").toString()}, new PrintStream(err, true, StandardCharsets.UTF_8), LAST_YEAR))
                .isEqualTo(1);
    }
}
