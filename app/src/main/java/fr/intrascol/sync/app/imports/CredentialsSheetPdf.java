package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.message.value.SchoolOrder;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The printable credentials sheet handed out after an import of pupils: an A4 PDF that the school's
 * director prints and cuts into cards, one per pupil, each showing the pupil's login and password.
 * One section per class, each starting on a new page, ten cards (2 x 5) per page.
 *
 * <p>The sheet is the only place where the new passwords ever appear, so this class logs nothing and
 * keeps no copy: the bytes go straight back to the caller.
 *
 * <p>It uses PDF's standard fonts (Helvetica, Courier) in WinAnsi encoding: they need no embedding and
 * cover French names (é è ë ï ô ç œ, apostrophes). A character outside that set in a name is printed
 * without its accent, or as "?", rather than failing the whole sheet; a login or password that cannot
 * be printed exactly is refused, since a wrong password on a card is worse than no sheet.
 */
public final class CredentialsSheetPdf {

    /** One card. */
    public record Card(String classGroup, String lastName, String firstName, String login, String password) {}

    private static final String NO_CLASS = "Sans classe";
    private static final int COLUMNS = 2;
    private static final int ROWS = 5;
    private static final int CARDS_PER_PAGE = COLUMNS * ROWS;

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 36;
    private static final float FOOTER_BASELINE = 26;
    private static final float GRID_TOP = PAGE.getHeight() - 128;
    private static final float GRID_BOTTOM = 46;
    private static final float CARD_WIDTH = (PAGE.getWidth() - 2 * MARGIN) / COLUMNS;
    private static final float CARD_HEIGHT = (GRID_TOP - GRID_BOTTOM) / ROWS;
    private static final float CARD_PADDING = 12;

    /** Logins and passwords are copied letter by letter by children: big and monospaced. */
    private static final float VALUE_MAX_SIZE = 20;
    /** Below this a value moves to a line of its own instead of shrinking further. */
    private static final float VALUE_MIN_SIZE = 11;
    private static final float NAME_MAX_SIZE = 15;
    private static final float NAME_MIN_SIZE = 9;
    private static final float GREY = 0.35f;

    private static final String INSTRUCTIONS = "Découpez les cartes le long des pointillés et remettez à "
            + "chaque élève la sienne. Les mots de passe n'apparaissent que sur cette feuille : gardez-la à l'abri "
            + "et détruisez les cartes non distribuées.";

    private CredentialsSheetPdf() {
    }

    /**
     * Renders the sheet: one section per class (classGroup, sorted; null class => "Sans classe"), cards
     * sorted by lastName then firstName within a class, each class starting on a new page.
     */
    public static byte[] render(String schoolName, String uai, String title, List<Card> cards) {
        Objects.requireNonNull(cards, "cards");
        // Fonts are per call: PDFBox font objects cache widths in plain maps and belong to one document.
        Fonts fonts = new Fonts();
        Map<String, List<Card>> byClass = groupByClass(cards, fonts.mono);
        int totalPages = Math.max(1, byClass.values().stream().mapToInt(CredentialsSheetPdf::pagesFor).sum());
        Header header = new Header(orEmpty(schoolName), orEmpty(uai), orEmpty(title));

        // PDFBox's default for a new document keeps everything in memory: no temporary file holds a password.
        try (PDDocument document = new PDDocument()) {
            describe(document);
            int pageNumber = 0;
            if (byClass.isEmpty()) {
                try (PDPageContentStream out = newPage(document)) {
                    drawPageFrame(out, fonts, header, null, "Aucun élève", ++pageNumber, totalPages);
                    text(out, fonts.regular, 12, MARGIN, GRID_TOP - 20, "Aucun identifiant à imprimer.");
                }
            }
            for (Map.Entry<String, List<Card>> entry : byClass.entrySet()) {
                List<Card> classCards = entry.getValue();
                int classPages = pagesFor(classCards);
                for (int classPage = 0; classPage < classPages; classPage++) {
                    List<Card> onPage = classCards.subList(classPage * CARDS_PER_PAGE,
                            Math.min(classCards.size(), (classPage + 1) * CARDS_PER_PAGE));
                    String count = classCards.size() + (classCards.size() > 1 ? " élèves" : " élève")
                            + (classPages > 1 ? " — feuille " + (classPage + 1) + "/" + classPages : "");
                    try (PDPageContentStream out = newPage(document)) {
                        drawPageFrame(out, fonts, header, entry.getKey(), count, ++pageNumber, totalPages);
                        for (int i = 0; i < onPage.size(); i++) {
                            float x = MARGIN + (i % COLUMNS) * CARD_WIDTH;
                            float y = GRID_TOP - (i / COLUMNS + 1) * CARD_HEIGHT;
                            drawCard(out, fonts, onPage.get(i), entry.getKey(), header.schoolName(), x, y);
                        }
                    }
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            // Everything is in memory: an IOException here is a PDFBox failure, not a disk problem.
            throw new UncheckedIOException("Could not render the credentials sheet", e);
        }
    }

    // ---- grouping and order ------------------------------------------------------------------------

    private static Map<String, List<Card>> groupByClass(List<Card> cards, PrintableFont mono) {
        // Classes in school order (PS … CM2), names the French way: "Émile" among the E rather than after "Zoé".
        // "Sans classe" goes last: it is a leftover, not a class the director looks for.
        Comparator<String> classOrder = Comparator.<String, Boolean>comparing(NO_CLASS::equals)
                .thenComparing(SchoolOrder.classes());
        Comparator<String> names = SchoolOrder.names();
        Comparator<Card> cardOrder = Comparator.comparing((Card c) -> orEmpty(c.lastName()), names)
                .thenComparing(c -> orEmpty(c.firstName()), names)
                .thenComparing(c -> orEmpty(c.login()));

        Map<String, List<Card>> byClass = new TreeMap<>(classOrder);
        for (int i = 0; i < cards.size(); i++) {
            Card card = Objects.requireNonNull(cards.get(i), "card " + (i + 1));
            // The message names the card's position only: never its login or password.
            requirePrintable(card.login(), "login", i, mono);
            requirePrintable(card.password(), "password", i, mono);
            String classGroup = card.classGroup() == null || card.classGroup().isBlank()
                    ? NO_CLASS : card.classGroup().strip();
            byClass.computeIfAbsent(classGroup, k -> new ArrayList<>()).add(card);
        }
        byClass.values().forEach(list -> list.sort(cardOrder));
        return byClass;
    }

    private static int pagesFor(List<Card> classCards) {
        return (classCards.size() + CARDS_PER_PAGE - 1) / CARDS_PER_PAGE;
    }

    private static void requirePrintable(String value, String what, int index, PrintableFont mono) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Card " + (index + 1) + " has no " + what + ".");
        }
        if (!mono.canPrint(value)) {
            throw new IllegalArgumentException("Card " + (index + 1) + " has a " + what
                    + " with a character the sheet cannot print.");
        }
    }

    // ---- page ----------------------------------------------------------------------------------------

    private record Header(String schoolName, String uai, String title) {}

    private static void describe(PDDocument document) {
        // Generic metadata only: a title with pupils' names would show in file managers and print queues.
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle("Identifiants de connexion");
        info.setCreator("intrascol-sync");
    }

    private static PDPageContentStream newPage(PDDocument document) throws IOException {
        PDPage page = new PDPage(PAGE);
        document.addPage(page);
        return new PDPageContentStream(document, page);
    }

    private static void drawPageFrame(PDPageContentStream out, Fonts fonts, Header header, String classGroup,
                                      String count, int pageNumber, int totalPages) throws IOException {
        float width = PAGE.getWidth() - 2 * MARGIN;
        float top = PAGE.getHeight() - MARGIN;

        float countWidth = width(fonts.regular, 10, count);
        String heading = "Identifiants de connexion" + (classGroup == null ? "" : " — " + classGroup);
        fitted(out, fonts.bold, 17, 11, MARGIN, top - 15, width - countWidth - 12, heading);
        text(out, fonts.regular, 10, PAGE.getWidth() - MARGIN - countWidth, top - 15, count);

        String school = header.schoolName() + (header.uai().isEmpty() ? "" : "  —  UAI " + header.uai());
        fitted(out, fonts.regular, 10, 7, MARGIN, top - 31, width, school);
        out.setNonStrokingColor(GREY);
        fitted(out, fonts.regular, 9, 7, MARGIN, top - 44, width, header.title());
        out.setNonStrokingColor(0f);

        float y = top - 62;
        for (String line : wrap(fonts.italic, 9, width, INSTRUCTIONS, 2)) {
            text(out, fonts.italic, 9, MARGIN, y, line);
            y -= 11;
        }

        out.setLineWidth(0.6f);
        out.moveTo(MARGIN, GRID_TOP + 8);
        out.lineTo(PAGE.getWidth() - MARGIN, GRID_TOP + 8);
        out.stroke();

        out.setNonStrokingColor(GREY);
        text(out, fonts.italic, 8, MARGIN, FOOTER_BASELINE,
                "Document confidentiel — à détruire après distribution");
        String page = "Page " + pageNumber + " / " + totalPages;
        text(out, fonts.regular, 9, PAGE.getWidth() - MARGIN - width(fonts.regular, 9, page), FOOTER_BASELINE, page);
        out.setNonStrokingColor(0f);
    }

    // ---- card ----------------------------------------------------------------------------------------

    /** A piece of text placed on a card: cards are laid out first, then drawn, so a layout can be dropped. */
    private record Run(PrintableFont font, float size, float x, float y, String text, boolean grey) {}

    /**
     * How tightly a card is packed. Usual logins and passwords fit the first; the next ones only serve
     * the longest values a school may configure (64 characters each), so that nothing runs off the card.
     */
    private record Density(float valueMinSize, float gap, boolean schoolLine) {}

    private static final List<Density> DENSITIES = List.of(
            new Density(VALUE_MIN_SIZE, 12, true),
            new Density(9, 6, true),
            new Density(9, 3, false));

    private static void drawCard(PDPageContentStream out, Fonts fonts, Card card, String classGroup,
                                 String schoolName, float x, float y) throws IOException {
        drawCutLines(out, x, y);
        CardLayout layout = null;
        // When nothing fits, the densest layout is printed anyway: every character of a password must show.
        for (Density density : DENSITIES) {
            layout = layoutCard(fonts, card, classGroup, schoolName, x, y, density);
            if (layout.fits()) {
                break;
            }
        }
        for (Run run : layout.runs()) {
            out.setNonStrokingColor(run.grey() ? GREY : 0f);
            text(out, run.font(), run.size(), run.x(), run.y(), run.text());
        }
        out.setNonStrokingColor(0f);
    }

    private record CardLayout(List<Run> runs, boolean fits) {}

    /** The card's text, top down, and whether it stays above the card's bottom padding. */
    private static CardLayout layoutCard(Fonts fonts, Card card, String classGroup, String schoolName,
                                         float x, float y, Density density) throws IOException {
        List<Run> runs = new ArrayList<>();
        float left = x + CARD_PADDING;
        float inner = CARD_WIDTH - 2 * CARD_PADDING;
        float cursor = y + CARD_HEIGHT - CARD_PADDING;

        String name = (orEmpty(card.firstName()).strip() + " " + orEmpty(card.lastName()).strip()).strip();
        if (name.isEmpty()) {
            name = "(sans nom)";
        }
        float nameSize = fitSize(fonts.bold, NAME_MAX_SIZE, NAME_MIN_SIZE, inner, name);
        for (String line : wrap(fonts.bold, nameSize, inner, name, 2)) {
            cursor -= nameSize;
            runs.add(new Run(fonts.bold, nameSize, left, cursor, line, false));
            cursor -= 3;
        }

        cursor -= 11;
        String classLine = NO_CLASS.equals(classGroup) ? NO_CLASS : "Classe : " + classGroup;
        float classSize = fitSize(fonts.regular, 10, 7, inner, classLine);
        runs.add(new Run(fonts.regular, classSize, left, cursor, ellipsize(fonts.regular, classSize, inner, classLine),
                true));

        cursor -= density.gap();
        cursor = layoutCredential(runs, fonts, "Identifiant : ", card.login(), left, cursor, inner, density);
        cursor -= density.gap() / 3;
        cursor = layoutCredential(runs, fonts, "Mot de passe : ", card.password(), left, cursor, inner, density);

        float bottom = y + CARD_PADDING;
        if (density.schoolLine()) {
            // The school's name at the foot of each card says where the login is for once the card is cut out.
            float schoolSize = fitSize(fonts.regular, 8, 6, inner, schoolName);
            runs.add(new Run(fonts.regular, schoolSize, left, y + CARD_PADDING - 3,
                    ellipsize(fonts.regular, schoolSize, inner, schoolName), true));
            bottom += 8;
        }
        return new CardLayout(runs, cursor >= bottom);
    }

    /**
     * Label in the text font, value in the monospace font on the same baseline. A value too long for that
     * line at a legible size starts on the next line, across the whole card, and wraps there: it is
     * never cut. Returns the cursor below the last line, descenders included.
     */
    private static float layoutCredential(List<Run> runs, Fonts fonts, String label, String value, float left,
                                          float cursor, float inner, Density density) throws IOException {
        float labelWidth = width(fonts.regular, 10, label);
        float inlineSize = fitSize(fonts.mono, VALUE_MAX_SIZE, VALUE_MIN_SIZE, inner - labelWidth, value);
        if (width(fonts.mono, inlineSize, value) <= inner - labelWidth) {
            cursor -= inlineSize;
            runs.add(new Run(fonts.regular, 10, left, cursor, label, false));
            runs.add(new Run(fonts.mono, inlineSize, left + labelWidth, cursor, value, false));
            return cursor - inlineSize * 0.25f;
        }
        cursor -= 10;
        runs.add(new Run(fonts.regular, 10, left, cursor, label.strip(), false));
        float size = fitSize(fonts.mono, VALUE_MAX_SIZE, density.valueMinSize(), inner, value);
        // Courier's letters all have the width of "M", so a line holds a fixed number of them.
        int perLine = Math.max(1, (int) Math.floor(inner / width(fonts.mono, size, "M")));
        for (int start = 0; start < value.length(); start += perLine) {
            cursor -= size + 1;
            runs.add(new Run(fonts.mono, size, left, cursor,
                    value.substring(start, Math.min(value.length(), start + perLine)), false));
        }
        return cursor - size * 0.25f;
    }

    /**
     * Each edge is drawn left to right or bottom to top on its own, so that the edge two neighbouring
     * cards share is stroked twice with the same dash phase and shows as one clean dashed cut line.
     */
    private static void drawCutLines(PDPageContentStream out, float x, float y) throws IOException {
        out.setStrokingColor(0.45f);
        out.setLineWidth(0.7f);
        out.setLineDashPattern(new float[] {4, 3}, 0);
        out.moveTo(x, y);
        out.lineTo(x + CARD_WIDTH, y);
        out.moveTo(x, y + CARD_HEIGHT);
        out.lineTo(x + CARD_WIDTH, y + CARD_HEIGHT);
        out.moveTo(x, y);
        out.lineTo(x, y + CARD_HEIGHT);
        out.moveTo(x + CARD_WIDTH, y);
        out.lineTo(x + CARD_WIDTH, y + CARD_HEIGHT);
        out.stroke();
        out.setLineDashPattern(new float[] {}, 0);
        out.setStrokingColor(0f);
    }

    // ---- text ----------------------------------------------------------------------------------------

    private static void text(PDPageContentStream out, PrintableFont font, float size, float x, float y, String text)
            throws IOException {
        out.beginText();
        out.setFont(font.font, size);
        out.newLineAtOffset(x, y);
        out.showText(font.printable(text));
        out.endText();
    }

    /** One line: shrinks the font down to {@code minSize} to fit, then cuts with an ellipsis. */
    private static void fitted(PDPageContentStream out, PrintableFont font, float maxSize, float minSize,
                               float x, float y, float width, String text) throws IOException {
        float size = fitSize(font, maxSize, minSize, width, text);
        text(out, font, size, x, y, ellipsize(font, size, width, text));
    }

    private static float fitSize(PrintableFont font, float maxSize, float minSize, float width, String text)
            throws IOException {
        float natural = width(font, maxSize, text);
        if (natural <= width) {
            return maxSize;
        }
        return Math.max(minSize, (float) Math.floor(maxSize * width / natural * 10) / 10);
    }

    /** Word wrap on spaces (and inside a word only when one word alone is too wide); the last line is ellipsized. */
    private static List<String> wrap(PrintableFont font, float size, float width, String text, int maxLines)
            throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : font.printable(text).split(" +")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (width(font, size, candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            while (width(font, size, word) > width && word.length() > 1) {
                int cut = word.length() - 1;
                while (cut > 1 && width(font, size, word.substring(0, cut)) > width) {
                    cut--;
                }
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        if (lines.size() > maxLines) {
            List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
            String rest = String.join(" ", lines.subList(maxLines - 1, lines.size()));
            kept.set(maxLines - 1, ellipsize(font, size, width, rest + "…"));
            return kept;
        }
        return lines;
    }

    private static String ellipsize(PrintableFont font, float size, float width, String text) throws IOException {
        String printable = font.printable(text);
        if (width(font, size, printable) <= width) {
            return printable;
        }
        String cut = printable;
        while (!cut.isEmpty() && width(font, size, cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut.stripTrailing() + "…";
    }

    private static float width(PrintableFont font, float size, String text) throws IOException {
        return font.font.getStringWidth(font.printable(text)) / 1000 * size;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    // ---- fonts ---------------------------------------------------------------------------------------

    /** The four faces a sheet uses; standard fonts, so nothing is embedded and nothing is read from disk. */
    private static final class Fonts {
        final PrintableFont regular = new PrintableFont(new PDType1Font(FontName.HELVETICA));
        final PrintableFont bold = new PrintableFont(new PDType1Font(FontName.HELVETICA_BOLD));
        final PrintableFont italic = new PrintableFont(new PDType1Font(FontName.HELVETICA_OBLIQUE));
        final PrintableFont mono = new PrintableFont(new PDType1Font(FontName.COURIER_BOLD));
    }

    /**
     * A font with its fallback for characters it cannot encode: PDFBox throws on such a character, and
     * one pupil's unusual name must not cost the whole class its sheet.
     */
    private record PrintableFont(PDFont font) {

        private static final Map<Integer, String> STROKED = Map.of(
                (int) 'Ł', "L", (int) 'ł', "l", (int) 'Đ', "D", (int) 'đ', "d", (int) 'ı', "i",
                (int) 'Ħ', "H", (int) 'ħ', "h");

        boolean canPrint(String text) {
            return text.codePoints().allMatch(this::encodes);
        }

        String printable(String text) {
            if (text == null) {
                return "";
            }
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                    out.append(' ');
                } else if (encodes(cp)) {
                    out.appendCodePoint(cp);
                } else {
                    out.append(withoutAccents(cp));
                }
            });
            return out.toString();
        }

        /** Drops accents one at a time from the outside in, so that Vietnamese "ễ" still prints as "ê". */
        private String withoutAccents(int cp) {
            String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD);
            while (decomposed.length() > 1 && Character.getType(decomposed.codePointBefore(decomposed.length()))
                    == Character.NON_SPACING_MARK) {
                decomposed = decomposed.substring(0, decomposed.offsetByCodePoints(decomposed.length(), -1));
                String composed = Normalizer.normalize(decomposed, Normalizer.Form.NFC);
                if (canPrint(composed)) {
                    return composed;
                }
            }
            // Letters with a stroke have no decomposition; these are the ones met in European names.
            String stroked = STROKED.get(cp);
            return stroked != null ? stroked : "?";
        }

        private boolean encodes(int cp) {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }
    }
}
