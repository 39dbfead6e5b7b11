package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.imports.CredentialsSheetPdf.Card;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The credentials sheet, read back with PDFBox's text extraction: pages per class, every login and
 * password, French names, and hostile names printed as plain text.
 */
class CredentialsSheetPdfTest {

    private static final String INJECTION_FORMULA = "=HYPERLINK(\"x\")";
    private static final String INJECTION_HTML = "<script>alert(1)</script>";
    private static final String INJECTION_LDAP = "*)(uid=*";

    private static List<Card> cards;
    private static byte[] pdf;

    @BeforeAll
    static void render() throws IOException {
        cards = new ArrayList<>();
        // CM1: 12 pupils, two pages; given out of order to check the sorting.
        cards.add(card("CM1", "ZOLA", "Émile", 1));
        cards.add(card("CM1", "D'ALMEIDA", "Héloïse", 2));
        cards.add(card("CM1", "CŒUR", "Chloé", 3));
        cards.add(card("CM1", "BRÛLÉ", "Noël", 4));
        cards.add(card("CM1", "MÜLLER", "Zoë", 5));
        cards.add(card("CM1", "GARÇON", "François", 6));
        cards.add(card("CM1", "ÉTIENNE", "Anaïs", 7));
        cards.add(card("CM1", "MARTIN", "Jérôme", 8));
        cards.add(card("CM1", "LEFÈVRE", "Maëlys", 9));
        cards.add(card("CM1", "BERNARD", "Lou-Ann", 10));
        cards.add(card("CM1", "PETIT", "Inès", 11));
        cards.add(card("CM1", "DUBOIS", "Côme", 12));
        // CE2: 6 pupils, hostile names among them.
        cards.add(card("CE2", INJECTION_FORMULA, "Paul", 13));
        cards.add(card("CE2", "DURAND", INJECTION_HTML, 14));
        cards.add(card("CE2", INJECTION_LDAP, "Léa", 15));
        cards.add(card("CE2", "ROUX", "Œlle", 16));
        cards.add(card("CE2", "FAURE", "Ève", 17));
        cards.add(card("CE2", "O'NEILL", "Sean", 18));
        // No class: 5 pupils, one with letters outside the standard fonts.
        cards.add(card(null, "NGUYỄN", "Łukasz", 19));
        cards.add(card(null, "BLANC", "Hugo", 20));
        cards.add(card(" ", "ROUSSEL", "Jade", 21));
        cards.add(card(null, "GIRARD", "Louise", 22));
        cards.add(card(null, "BONNET", "Arthur", 23));

        pdf = CredentialsSheetPdf.render("École élémentaire Jean-de-La-Fontaine", "0781234A",
                "Import « base-eleves-2026.csv » du 25/11/2026", cards);

        Path sample = Path.of("target", "credentials-sample.pdf");
        Files.createDirectories(sample.getParent());
        Files.write(sample, pdf);
    }

    private static Card card(String classGroup, String lastName, String firstName, int n) {
        // Distinct per pupil, and none is a substring of another (as "eleve1" would be of "eleve12").
        String password = "pw" + (char) ('a' + n) + n + "x";
        return new Card(classGroup, lastName, firstName, "eleve" + n + ".login", password);
    }

    @Test
    void isAnA4PdfWithOnePagePerTenCardsOfAClass() throws IOException {
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            // CE2: 6 cards -> 1, CM1: 12 cards -> 2, no class: 5 cards -> 1
            assertThat(document.getNumberOfPages()).isEqualTo(4);
            PDRectangle box = document.getPage(0).getMediaBox();
            assertThat(box.getWidth()).isCloseTo(PDRectangle.A4.getWidth(), within(0.5f));
            assertThat(box.getHeight()).isCloseTo(PDRectangle.A4.getHeight(), within(0.5f));
        }
    }

    @Test
    void eachClassStartsOnItsOwnPageInClassOrderWithNoClassLast() throws IOException {
        assertThat(page(1)).contains("Identifiants de connexion — CE2", "6 élèves", "Page 1 / 4")
                .doesNotContain("CM1");
        assertThat(page(2)).contains("Identifiants de connexion — CM1", "12 élèves — feuille 1/2", "Page 2 / 4");
        assertThat(page(3)).contains("Identifiants de connexion — CM1", "feuille 2/2", "Page 3 / 4");
        assertThat(page(4)).contains("Identifiants de connexion — Sans classe", "5 élèves", "Page 4 / 4",
                "Jade ROUSSEL");
        assertThat(page(1).replaceAll("\\s+", " ")).contains("École élémentaire Jean-de-La-Fontaine",
                "UAI 0781234A", "Import « base-eleves-2026.csv » du 25/11/2026", "le long des pointillés",
                "Les mots de passe n'apparaissent que sur cette feuille");
    }

    @Test
    void cardsAreSortedByLastNameThenFirstNameInFrenchOrder() throws IOException {
        String cm1 = page(2) + page(3);
        List<String> expected = List.of("BERNARD", "BRÛLÉ", "CŒUR", "D'ALMEIDA", "DUBOIS", "ÉTIENNE", "GARÇON",
                "LEFÈVRE", "MARTIN", "MÜLLER", "PETIT", "ZOLA");
        int previous = -1;
        for (String name : expected) {
            int at = cm1.indexOf(name);
            assertThat(at).as(name).isGreaterThan(previous);
            previous = at;
        }
        // Ten on the first page, the last two on the second.
        assertThat(page(2)).contains("Jérôme MARTIN", "Zoë MÜLLER").doesNotContain("PETIT", "ZOLA");
        assertThat(page(3)).contains("Inès PETIT", "Émile ZOLA");
    }

    @Test
    void everyLoginAndPasswordIsPrintedOnItsCard() throws IOException {
        String text = allText();
        for (Card card : cards) {
            assertThat(text).contains("Identifiant : " + card.login());
            assertThat(text).contains("Mot de passe : " + card.password());
        }
    }

    @Test
    void frenchNamesComeOutWithTheirAccentsAndApostrophes() throws IOException {
        assertThat(allText()).contains("Héloïse D'ALMEIDA", "Chloé CŒUR", "Noël BRÛLÉ", "Zoë MÜLLER",
                "François GARÇON", "Anaïs ÉTIENNE", "Maëlys LEFÈVRE", "Côme DUBOIS", "Œlle ROUX", "Ève FAURE",
                "Sean O'NEILL", "Classe : CM1");
    }

    @Test
    void hostileNamesArePrintedLiterally() throws IOException {
        assertThat(allText()).contains("Paul " + INJECTION_FORMULA, INJECTION_HTML + " DURAND",
                "Léa " + INJECTION_LDAP);
    }

    @Test
    void lettersOutsideTheStandardFontsLoseTheirAccentRatherThanTheSheet() throws IOException {
        // Ł has no decomposition; ễ keeps the circumflex that WinAnsi has.
        assertThat(page(4)).contains("Lukasz NGUYÊN");
    }

    @Test
    void aLongPasswordWrapsAndIsNeverCut() throws IOException {
        String longPassword = "abcdefghjkmnpqrstuvwxyz23456789abcdefghjkmnpqrstuvwxyz234567892";
        byte[] sheet = CredentialsSheetPdf.render("École", "0000000X", "Test", List.of(
                new Card("CP", "LONG", "Mot", "prenom.nom.tres.long.pour.un.serveur", longPassword)));
        try (PDDocument document = Loader.loadPDF(sheet)) {
            String compact = new PDFTextStripper().getText(document).replaceAll("\\s+", "");
            assertThat(compact).contains(longPassword, "prenom.nom.tres.long.pour.un.serveur");
        }
    }

    @Test
    void anEmptyImportGivesOnePageSayingSo() throws IOException {
        byte[] sheet = CredentialsSheetPdf.render(null, null, null, List.of());
        try (PDDocument document = Loader.loadPDF(sheet)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(new PDFTextStripper().getText(document)).contains("Aucun identifiant à imprimer", "Page 1 / 1");
        }
    }

    @Test
    void aPasswordThatCannotBePrintedExactlyIsRefusedWithoutShowingIt() {
        String password = "mot€dépasse☃";
        assertThatThrownBy(() -> CredentialsSheetPdf.render("École", "0000000X", "Test",
                List.of(new Card("CP", "NOM", "Prénom", "prenom.nom", password))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password")
                .hasMessageNotContaining(password)
                .hasMessageNotContaining("mot");
    }

    @Test
    void aMissingPasswordIsRefused() {
        assertThatThrownBy(() -> CredentialsSheetPdf.render("École", "0000000X", "Test",
                List.of(new Card("CP", "NOM", "Prénom", "prenom.nom", null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Card 1 has no password.");
    }

    private static String page(int number) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(number);
            stripper.setEndPage(number);
            return stripper.getText(document);
        }
    }

    private static String allText() throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
