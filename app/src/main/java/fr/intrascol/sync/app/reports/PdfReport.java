package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as a PDF an inspector can sign off: A4 landscape, a title block with the schools, period,
 * author and chain head hashes, the monthly counts, the active-accounts curve (vector lines, the same
 * drawing as the HTML's SVG), then the changes as a table, one line per change in the words of the HTML
 * and the CSV ({@link ChangeWords}), its headings repeated on every page, and "Page n / N" on every page.
 * Apache PDFBox, standard fonts: the arrow of « CE1 → CE2 » comes from the Symbol font; other characters
 * Helvetica cannot print lose their accent or become '?' ({@link PdfText}).
 */
final class PdfReport {

    private static final float MARGIN = 30;
    private static final PDRectangle LANDSCAPE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final float WIDTH = LANDSCAPE.getWidth();
    private static final float HEIGHT = LANDSCAPE.getHeight();
    private static final float BOTTOM = 34;
    private static final float SIZE = 7;
    private static final float LEADING = 8.4f;
    private static final String ARROW = "→";

    // Fonts are per document: PDFBox font objects cache widths in plain maps.
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PDType1Font mono = new PDType1Font(Standard14Fonts.FontName.COURIER);
    private final PDType1Font symbol = new PDType1Font(Standard14Fonts.FontName.SYMBOL);
    private final PDDocument document = new PDDocument();
    private final ChangeWords words;
    private PDPageContentStream page;
    private float y;

    private PdfReport(ChangeWords words) {
        this.words = words;
    }

    static byte[] render(Report report, ChangeWords words) {
        PdfReport pdf = new PdfReport(words);
        try {
            return pdf.write(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] write(Report report) throws IOException {
        newPage();
        line(bold, 16, "Historique des comptes");
        line(bold, 11, report.title());
        line(regular, 9, report.periodLine(words.text()));
        line(regular, 9, report.producedLine(words.text()));
        y -= 4;
        line(bold, 8, "Empreinte de l'historique de chaque école (chaîne SHA-256, vérifiable dans l'application) :");
        for (Report.School school : report.schools()) {
            line(regular, 8, school.uai() + "  " + school.name() + "   " + school.chainHead(), mono, 7,
                    String.valueOf(school.chainHead()));
        }
        y -= 6;
        line(bold, 11, "Changements par mois");
        List<String> headings = new ArrayList<>(List.of("Mois"));
        headings.addAll(Report.Counts.HEADINGS);
        float[] countWidths = new float[headings.size()];
        countWidths[0] = 90;
        for (int i = 1; i < countWidths.length; i++) {
            countWidths[i] = (WIDTH - 2 * MARGIN - 90) / (countWidths.length - 1);
        }
        row(bold, countWidths, headings, false, null);
        for (Map.Entry<java.time.YearMonth, Report.Counts> month : report.perMonth().entrySet()) {
            row(regular, countWidths, counts(month.getKey().format(ChangeWords.MONTH), month.getValue()), false,
                    headings);
        }
        row(bold, countWidths, counts("Total", report.total()), false, headings);
        y -= 2;
        paragraph(regular, SIZE, Report.COUNTS_NOTE);
        y -= 8;
        room(175);
        line(bold, 11, "Comptes actifs");
        chart(report);
        y -= 6;
        line(bold, 11, (report.notShown() == 0 ? "Tous les changements (" : "Les changements (")
                + report.totalChanges() + ")");
        if (report.notShownLine() != null) {
            paragraph(bold, 8, report.notShownLine());
        }
        boolean severalSchools = report.schools().size() > 1;
        float[] widths = severalSchools ? new float[]{56, 40, 118, 80, 0, 60, 92, 86}
                : new float[]{56, 118, 84, 0, 64, 96, 90};
        float used = 0;
        for (float w : widths) {
            used += w;
        }
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] == 0) {
                widths[i] = WIDTH - 2 * MARGIN - used;
            }
        }
        List<String> changeHeadings = severalSchools
                ? List.of("Date", "École", "Compte", "Changement", "Détail", "Par", "Origine", "Motif")
                : List.of("Date", "Compte", "Changement", "Détail", "Par", "Origine", "Motif");
        room(3 * LEADING);
        row(bold, widths, changeHeadings, false, null);
        boolean shade = false;
        for (ReportChange change : report.changes()) {
            var c = change.change();
            String login = ChangeWords.login(change.login());
            List<String> cells = new ArrayList<>();
            cells.add(words.at(c.at()));
            if (severalSchools) {
                cells.add(c.uai());
            }
            cells.add(words.account(change) + (login.isEmpty() ? "" : " (" + login + ")"));
            cells.add(words.kind(c.type()));
            cells.add(words.detail(c.type(), c.changes()));
            cells.add(c.actor());
            cells.add(words.origin(c.origin()) + (c.importId() == null ? "" : " " + c.importId().substring(0, 8)));
            cells.add(c.reason() == null ? "" : c.reason());
            row(regular, widths, cells, shade, changeHeadings);
            shade = !shade;
        }
        if (report.notShownLine() != null) {
            y -= 4;
            paragraph(bold, 8, report.notShownLine());
        }
        page.close();
        footers(report);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        document.close();
        return out.toByteArray();
    }

    private static List<String> counts(String first, Report.Counts counts) {
        List<String> cells = new ArrayList<>(List.of(first));
        counts.values().forEach(n -> cells.add(String.valueOf(n)));
        return cells;
    }

    private void footers(Report report) throws IOException {
        int total = document.getNumberOfPages();
        String title = "Historique des comptes — " + report.title() + " — du " + report.from().format(ChangeWords.DATE)
                + " au " + report.to().format(ChangeWords.DATE);
        for (int i = 0; i < total; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(document, document.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true)) {
                PDPageContentStream saved = page;
                page = footer;
                draw(regular, 7, MARGIN, 18, title);
                draw(regular, 7, WIDTH - MARGIN - 50, 18, "Page " + (i + 1) + " / " + total);
                page = saved;
            }
        }
    }

    private void chart(Report report) throws IOException {
        Chart chart = Chart.of(report.activeAccounts(), 440, 120);
        float left = MARGIN + 40;
        float top = y - 5;
        page.setLineWidth(0.8f);
        page.moveTo(left, top - 120);
        page.lineTo(left + 440, top - 120);
        page.moveTo(left, top);
        page.lineTo(left, top - 120);
        page.stroke();
        page.setStrokingColor(0.12f, 0.44f, 0.70f);
        page.setLineWidth(1.6f);
        boolean first = true;
        for (double[] p : chart.points()) {
            float x = left + (float) p[0];
            float py = top - (float) p[1];
            if (first) {
                page.moveTo(x, py);
                first = false;
            } else {
                page.lineTo(x, py);
            }
        }
        if (!first) {
            page.stroke();
        }
        page.setStrokingColor(0f, 0f, 0f);
        draw(regular, 8, left - 30, top - 4, String.valueOf(chart.max()));
        draw(regular, 8, left - 30, top - 122, "0");
        draw(regular, 8, left, top - 133, report.from().format(ChangeWords.DATE));
        draw(regular, 8, left + 395, top - 133, report.chartEnd().format(ChangeWords.DATE));
        y = top - 145;
    }

    /**
     * One line of a table: each cell wrapped in its column, the line as tall as its tallest cell; on a new
     * page, the table's {@code headings} first (when given).
     */
    private void row(PDType1Font font, float[] widths, List<String> cells, boolean shade, List<String> headings)
            throws IOException {
        List<List<String>> wrapped = new ArrayList<>();
        int lines = 1;
        for (int i = 0; i < cells.size(); i++) {
            List<String> cell = wrap(font, SIZE, widths[i] - 4, cells.get(i) == null ? "" : cells.get(i));
            wrapped.add(cell);
            lines = Math.max(lines, cell.size());
        }
        float height = lines * LEADING + 2;
        if (y - height < BOTTOM) {
            page.close();
            newPage();
            if (headings != null) {
                row(bold, widths, headings, false, null);
            }
        }
        if (shade) {
            page.setNonStrokingColor(0.94f, 0.94f, 0.94f);
            page.addRect(MARGIN, y - height + LEADING - 1, WIDTH - 2 * MARGIN, height);
            page.fill();
            page.setNonStrokingColor(0f, 0f, 0f);
        }
        float x = MARGIN;
        for (int i = 0; i < wrapped.size(); i++) {
            float lineY = y;
            for (String text : wrapped.get(i)) {
                draw(font, SIZE, x + 2, lineY, text);
                lineY -= LEADING;
            }
            x += widths[i];
        }
        if (font == bold) {
            page.setLineWidth(0.5f);
            page.moveTo(MARGIN, y - height + LEADING);
            page.lineTo(WIDTH - MARGIN, y - height + LEADING);
            page.stroke();
        }
        y -= height;
    }

    private void line(PDType1Font font, float size, String text) throws IOException {
        room(size + 4);
        draw(font, size, MARGIN, y, text);
        y -= size + 4;
    }

    /** A line with a part in a second font (a hash in Courier). */
    private void line(PDType1Font font, float size, String text, PDType1Font second, float secondSize, String part)
            throws IOException {
        int at = text.lastIndexOf(part);
        room(size + 4);
        String head = text.substring(0, at);
        draw(font, size, MARGIN, y, head);
        draw(second, secondSize, MARGIN + width(font, size, head), y, part);
        y -= size + 4;
    }

    private void paragraph(PDType1Font font, float size, String text) throws IOException {
        for (String wrapped : wrap(font, size, WIDTH - 2 * MARGIN, text)) {
            line(font, size, wrapped);
        }
    }

    private void room(float needed) throws IOException {
        if (y - needed < BOTTOM) {
            page.close();
            newPage();
        }
    }

    private void newPage() throws IOException {
        PDPage next = new PDPage(LANDSCAPE);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        y = HEIGHT - MARGIN;
    }

    /** Draws text, its arrows in the Symbol font (Helvetica has none). */
    private void draw(PDType1Font font, float size, float x, float atY, String text) throws IOException {
        page.beginText();
        page.newLineAtOffset(x, atY);
        String[] parts = text.split(ARROW, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                page.setFont(symbol, size);
                page.showText(ARROW);
            }
            if (!parts[i].isEmpty()) {
                page.setFont(font, size);
                page.showText(PdfText.printable(font, parts[i]));
            }
        }
        page.endText();
    }

    private float width(PDType1Font font, float size, String text) throws IOException {
        float width = 0;
        String[] parts = text.split(ARROW, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                width += symbol.getStringWidth(ARROW) / 1000 * size;
            }
            width += font.getStringWidth(PdfText.printable(font, parts[i])) / 1000 * size;
        }
        return width;
    }

    /** The text in lines no wider than {@code width}, cut between words (inside a word too long for a line). */
    private List<String> wrap(PDType1Font font, float size, float width, String text) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            String candidate = current.isEmpty() ? word : current + " " + word;
            if (width(font, size, candidate) <= width) {
                current.setLength(0);
                current.append(candidate);
                continue;
            }
            if (!current.isEmpty()) {
                lines.add(current.toString());
                current.setLength(0);
            }
            String rest = word;
            while (width(font, size, rest) > width && rest.length() > 1) {
                int cut = rest.length() - 1;
                while (cut > 1 && width(font, size, rest.substring(0, cut)) > width) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            current.append(rest);
        }
        if (!current.isEmpty() || lines.isEmpty()) {
            lines.add(current.toString());
        }
        return lines;
    }
}
