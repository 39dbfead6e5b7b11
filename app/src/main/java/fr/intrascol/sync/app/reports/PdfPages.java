package fr.intrascol.sync.app.reports;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pages of a report's PDF: A4 landscape, lines and paragraphs of text, tables whose lines are as tall
 * as their tallest cell and whose headings come back on every page, and « titre — Page n / N » at the
 * bottom of every page. Apache PDFBox, standard fonts: the arrow of « CE1 → CE2 » comes from the Symbol
 * font; other characters Helvetica cannot print lose their accent or become '?' ({@link PdfText}).
 */
final class PdfPages {

    static final float MARGIN = 30;
    private static final PDRectangle LANDSCAPE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    static final float WIDTH = LANDSCAPE.getWidth();
    private static final float HEIGHT = LANDSCAPE.getHeight();
    private static final float BOTTOM = 34;
    static final float SIZE = 7;
    private static final float LEADING = 8.2f;
    private static final String ARROW = "→";

    // Fonts are per document: PDFBox font objects cache widths in plain maps.
    final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    final PDType1Font mono = new PDType1Font(Standard14Fonts.FontName.COURIER);
    private final PDType1Font symbol = new PDType1Font(Standard14Fonts.FontName.SYMBOL);
    private final PDDocument document = new PDDocument();
    PDPageContentStream page;
    float y;

    PdfPages() throws IOException {
        newPage();
    }

    /** The column widths of a table as wide as the page: the one width given as 0 takes what is left. */
    static float[] columns(float... widths) {
        float used = 0;
        for (float w : widths) {
            used += w;
        }
        float[] out = widths.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = WIDTH - 2 * MARGIN - used;
            }
        }
        return out;
    }

    /** Ends the document: the footer on every page, then its bytes. */
    byte[] finish(String title) throws IOException {
        page.close();
        int total = document.getNumberOfPages();
        for (int i = 0; i < total; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(document, document.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true)) {
                page = footer;
                draw(regular, 7, MARGIN, 18, title);
                draw(regular, 7, WIDTH - MARGIN - 50, 18, "Page " + (i + 1) + " / " + total);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        document.close();
        return out.toByteArray();
    }

    int pages() {
        return document.getNumberOfPages();
    }

    /**
     * One line of a table: each cell wrapped in its column, the line as tall as its tallest cell; on a new
     * page, the table's {@code headings} first (when given).
     */
    void row(PDType1Font font, float[] widths, List<String> cells, boolean shade, List<String> headings)
            throws IOException {
        List<List<String>> wrapped = new ArrayList<>();
        int lines = 1;
        for (int i = 0; i < cells.size(); i++) {
            List<String> cell = wrap(font, SIZE, widths[i] - 4, cells.get(i) == null ? "" : cells.get(i));
            wrapped.add(cell);
            lines = Math.max(lines, cell.size());
        }
        float height = lines * LEADING + 1;
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

    void line(PDType1Font font, float size, String text) throws IOException {
        room(size + 4);
        draw(font, size, MARGIN, y, text);
        y -= size + 4;
    }

    /** A line with a part in a second font (a hash in Courier). */
    void line(PDType1Font font, float size, String text, PDType1Font second, float secondSize, String part)
            throws IOException {
        int at = text.lastIndexOf(part);
        room(size + 4);
        String head = text.substring(0, at);
        draw(font, size, MARGIN, y, head);
        draw(second, secondSize, MARGIN + width(font, size, head), y, part);
        y -= size + 4;
    }

    void paragraph(PDType1Font font, float size, String text) throws IOException {
        for (String wrapped : wrap(font, size, WIDTH - 2 * MARGIN, text)) {
            line(font, size, wrapped);
        }
    }

    void room(float needed) throws IOException {
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
    void draw(PDType1Font font, float size, float x, float atY, String text) throws IOException {
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

    float width(PDType1Font font, float size, String text) throws IOException {
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
