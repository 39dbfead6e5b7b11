package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.app.imports.ImportRejectedException;
import fr.intrascol.sync.command.extraction.Extraction;
import fr.intrascol.sync.command.extraction.ExtractionReader;
import fr.intrascol.sync.command.extraction.ExtractionRejectedException;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.CommandRejectedException.Kind;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.RowProblem;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The pages' French sentences: found by code, then field, then kind, with the quoted values. */
class FrenchMessagesTest {

    private final FrenchMessages french = new FrenchMessages(bundle());

    private static ResourceBundleMessageSource bundle() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasenames("i18n/messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        source.setAlwaysUseMessageFormat(true);
        return source;
    }

    @Test
    void a_refusal_with_a_code_gets_its_own_sentence_with_the_values() {
        String text = french.describe(new CommandRejectedException(Kind.STALE, "PLAN_STALE", "accounts changed", 3));
        assertThat(text).startsWith("Les comptes de l’école ont changé").contains(": 3 modifications depuis.").doesNotContain("(s)");
    }

    @Test
    void a_refusal_naming_lines_agrees_with_how_many_there_are() {
        assertThat(french.describe(new CommandRejectedException(Kind.INVALID, "LINES_WITH_PROBLEMS", "Lines [2]", "2")))
                .startsWith("La ligne 2 du fichier comporte des erreurs. Corrigez-la dans ONDE");
        assertThat(french.describe(new CommandRejectedException(Kind.INVALID, "LINES_WITH_PROBLEMS", "Lines", "2, 5, 7")))
                .startsWith("Les lignes 2, 5 et 7 du fichier comportent des erreurs. Corrigez-les dans ONDE");
        assertThat(french.describe(new CommandRejectedException(Kind.INVALID, "LINES_WITHOUT_PROBLEM", "Lines", "4")))
                .startsWith("La ligne 4 n’a pas d’erreur");
        assertThat(french.describe(new CommandRejectedException(Kind.INVALID, "RENAME_UNKNOWN_LINES", "Lines", "3, 8")))
                .startsWith("Les lignes 3 et 8 ne sont pas des changements de nom probables");
        assertThat(french.warning(new fr.intrascol.sync.message.imports.PlanWarning("TWINS", "twins", List.of(4, 5))))
                .startsWith("Lignes 4 et 5 : même nom");
    }

    @Test
    void a_refusal_without_a_sentence_falls_back_to_its_kind() {
        String text = french.describe(new CommandRejectedException(Kind.CONFLICT, "SOMETHING_NEW", "clash"));
        assertThat(text).isEqualTo(french.text("rejected.kind.CONFLICT")).doesNotContain("clash");
    }

    @Test
    void an_invalid_value_is_explained_by_its_field_and_found_under_wrappers() {
        InvalidValueException invalid = catchThrowableOfType(InvalidValueException.class, () -> new Uai("123"));
        assertThat(french.describe(new IllegalStateException("wrapped", invalid)))
                .isEqualTo(french.text("invalid.uai")).contains("7 chiffres");
        assertThat(french.describe(new InvalidValueException("someNewField", "bad"))).isEqualTo(french.text("invalid.any"));
    }

    @Test
    void every_problem_the_bad_fixtures_raise_has_its_own_french_sentence() {
        ExtractionReader reader = new ExtractionReader(ExtractionReader.Limits.defaults());
        List<RowProblem> problems = new ArrayList<>();
        for (String fixture : List.of("bad/bad-values.csv", "bad/duplicate-rows.csv")) {
            Extraction extraction = reader.read(Fixtures.be1d(fixture));
            problems.addAll(extraction.problems());
        }
        assertThat(problems).extracting(RowProblem::code).contains("INVALID_DATE", "INVALID_NAME", "INVALID_SEX",
                "UNKNOWN_LEVEL", "DUPLICATE_PUPIL", "INE_CONFLICT");
        for (RowProblem problem : problems) {
            String text = french.rowProblem(problem);
            assertThat(text).as(problem.code()).startsWith("Ligne " + problem.line() + " :")
                    .isNotEqualTo(french.text("row.any", problem.line(), problem.column() == null ? "" : problem.column()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad/empty.csv", "bad/missing-birthdate-column.csv"})
    void every_refused_bad_fixture_has_its_own_french_sentence(String fixture) {
        ExtractionReader reader = new ExtractionReader(ExtractionReader.Limits.defaults());
        ExtractionRejectedException rejected = catchThrowableOfType(ExtractionRejectedException.class,
                () -> reader.read(Fixtures.be1d(fixture)));
        String text = french.describe(new ImportRejectedException("id", rejected.code(), rejected.getMessage(),
                rejected.args()));
        assertThat(text).isNotEqualTo(french.text("file.any"));
        if (rejected.code().equals("MISSING_COLUMNS")) {
            assertThat(text).contains("«Date naissance»");
        }
    }

    @Test
    void the_bundle_has_no_straight_apostrophe_that_message_format_would_swallow() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/i18n/messages.properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(properties).isNotEmpty();
        properties.forEach((key, value) -> assertThat((String) value).as((String) key).doesNotContain("'"));
    }
}
