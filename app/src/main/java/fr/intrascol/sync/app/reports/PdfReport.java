package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.query.FieldChange;
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
 * The report as a PDF an inspector can sign off: A4, a title block with the schools, period, author
 * and chain head hashes, the monthly counts, the active-accounts curve (vector lines, the same
 * drawing as the HTML's SVG), every change, and "Page n / N" on every page. Apache PDFBox, standard
 * fonts: characters they cannot print lose their accent or become '?'.
 */
final class PdfReport {

    private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private static final PDType1Font MONO = new PDType1Font(Standard14Fonts.FontName.COURIER);
    private static final float MARGIN = 40;
    private static final float WIDTH = PDRectangle.A4.getWidth();
    private static final float HEIGHT = PDRectangle.A4.getHeight();

    private final PDDocument document = new PDDocument();
    private PDPageContentStream page;
    private float y;

    private PdfReport() {
    }

    static byte[] render(Report report) {
        PdfReport pdf = new PdfReport();
        try {
            return pdf.write(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] write(Report report) throws IOException {
        newPage();
        text(BOLD, 18, "Historique des comptes");
        text(BOLD, 12, report.title());
        text(REGULAR, 10, "Période du " + report.from().format(HtmlReport.DATE) + " au "
                + report.to().format(HtmlReport.DATE) + " — produit le "
                + report.producedAt().atZone(report.zone()).format(HtmlReport.DATE_TIME) + " par "
                + report.producedBy());
        y -= 6;
        text(BOLD, 10, "Empreinte de l'historique de chaque école (chaîne SHA-256, vérifiable dans l'application) :");
        for (Report.School school : report.schools()) {
            text(REGULAR, 9, school.uai() + "  " + school.name());
            text(MONO, 8, "    " + school.chainHead());
        }
        y -= 10;
        text(BOLD, 12, "Changements par mois");
        float[] columns = {MARGIN, MARGIN + 120, MARGIN + 190, MARGIN + 260, MARGIN + 370, MARGIN + 470};
        row(BOLD, columns, "Mois", "Arrivées", "Départs", "Classe", "Noms", "Manuelles");
        for (Map.Entry<java.time.YearMonth, Report.Counts> month : report.perMonth().entrySet()) {
            Report.Counts c = month.getValue();
            row(REGULAR, columns, month.getKey().format(HtmlReport.MONTH), "" + c.arrivals(), "" + c.departures(),
                    "" + c.moves(), "" + c.renames(), "" + c.manualEdits());
        }
        y -= 10;
        room(230);
        text(BOLD, 12, "Comptes actifs");
        chart(report);
        y -= 10;
        text(BOLD, 12, (report.notShown() == 0 ? "Tous les changements (" : "Les changements (")
                + report.totalChanges() + ")");
        if (report.notShownLine() != null) {
            for (String wrapped : wrap(report.notShownLine(), BOLD, 9, WIDTH - 2 * MARGIN)) {
                text(BOLD, 9, wrapped);
            }
        }
        for (ReportChange change : report.changes()) {
            List<String> lines = new ArrayList<>();
            lines.add(change.change().at().atZone(report.zone()).format(HtmlReport.DATE_TIME) + "  "
                    + change.account() + (change.login() == null ? "" : " (" + change.login() + ")") + " — "
                    + change.change().actor() + ", " + change.change().origin()
                    + (change.change().importId() == null ? "" : ", import " + change.change().importId().substring(0, 8))
                    + (change.change().reason() == null ? "" : ", motif : " + change.change().reason()));
            for (FieldChange field : change.change().changes()) {
                lines.add("      " + field.field() + " : " + orDash(field.from()) + "  ->  " + orDash(field.to()));
            }
            room(11 * lines.size() + 4);
            for (int i = 0; i < lines.size(); i++) {
                for (String wrapped : wrap(lines.get(i), i == 0 ? BOLD : REGULAR, 8.5f, WIDTH - 2 * MARGIN)) {
                    text(i == 0 ? BOLD : REGULAR, 8.5f, wrapped);
                }
            }
            y -= 3;
        }
        if (report.notShownLine() != null) {
            for (String wrapped : wrap(report.notShownLine(), BOLD, 9, WIDTH - 2 * MARGIN)) {
                text(BOLD, 9, wrapped);
            }
        }
        page.close();
        int total = document.getNumberOfPages();
        for (int i = 0; i < total; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(document, document.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true)) {
                footer.beginText();
                footer.setFont(REGULAR, 8);
                footer.newLineAtOffset(MARGIN, 20);
                footer.showText(printable(REGULAR, "Historique des comptes — " + report.title() + " — du "
                        + report.from().format(HtmlReport.DATE) + " au " + report.to().format(HtmlReport.DATE)));
                footer.endText();
                footer.beginText();
                footer.newLineAtOffset(WIDTH - MARGIN - 60, 20);
                footer.showText("Page " + (i + 1) + " / " + total);
                footer.endText();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        document.close();
        return out.toByteArray();
    }

    private void chart(Report report) throws IOException {
        Chart chart = Chart.of(report.activeAccounts(), 440, 150);
        float left = MARGIN + 40;
        float top = y - 5;
        page.setLineWidth(0.8f);
        page.moveTo(left, top - 150);
        page.lineTo(left + 440, top - 150);
        page.moveTo(left, top);
        page.lineTo(left, top - 150);
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
        label(left - 30, top - 4, String.valueOf(chart.max()));
        label(left - 30, top - 152, "0");
        label(left, top - 163, report.from().format(HtmlReport.DATE));
        label(left + 390, top - 163, report.to().format(HtmlReport.DATE));
        y = top - 175;
    }

    private void label(float x, float atY, String text) throws IOException {
        page.beginText();
        page.setFont(REGULAR, 8);
        page.newLineAtOffset(x, atY);
        page.showText(text);
        page.endText();
    }

    private void row(PDType1Font font, float[] columns, String... cells) throws IOException {
        room(14);
        for (int i = 0; i < cells.length; i++) {
            page.beginText();
            page.setFont(font, 9);
            page.newLineAtOffset(columns[i], y);
            page.showText(printable(font, cells[i]));
            page.endText();
        }
        y -= 13;
    }

    private void text(PDType1Font font, float size, String text) throws IOException {
        room(size + 4);
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(MARGIN, y);
        page.showText(printable(font, text));
        page.endText();
        y -= size + 4;
    }

    private void room(float needed) throws IOException {
        if (y - needed < 40) {
            page.close();
            newPage();
        }
    }

    private void newPage() throws IOException {
        PDPage next = new PDPage(PDRectangle.A4);
        document.addPage(next);
        page = new PDPageContentStream(document, next);
        y = HEIGHT - MARGIN;
    }

    private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        String rest = printable(font, text);
        while (font.getStringWidth(rest) / 1000 * size > width && rest.length() > 10) {
            int cut = rest.length();
            while (cut > 10 && font.getStringWidth(rest.substring(0, cut)) / 1000 * size > width) {
                cut = rest.lastIndexOf(' ', cut - 1) > 10 ? rest.lastIndexOf(' ', cut - 1) : cut - 1;
            }
            lines.add(rest.substring(0, cut));
            rest = "        " + rest.substring(cut).strip();
        }
        lines.add(rest);
        return lines;
    }

    private static String orDash(String value) {
        return value == null ? "—" : value;
    }

    static String printable(PDType1Font font, String text) {
        return PdfText.printable(font, text);
    }
}
