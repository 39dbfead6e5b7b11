package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as a PDF an inspector can sign off ({@link PdfPages}: A4 landscape): a title block with the
 * schools, period, author and chain head hashes, the monthly counts, the active-accounts curve (vector
 * lines, the same steps as the HTML's SVG), then the changes as a table, one line per change in the words
 * of the HTML and the CSV ({@link ChangeWords}).
 */
final class PdfReport {

    private final PdfPages pdf;
    private final ChangeWords words;

    private PdfReport(ChangeWords words) throws IOException {
        this.pdf = new PdfPages();
        this.words = words;
    }

    static byte[] render(Report report, ChangeWords words) {
        try {
            return new PdfReport(words).write(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] write(Report report) throws IOException {
        pdf.line(pdf.bold, 16, "Historique des comptes");
        pdf.line(pdf.bold, 11, report.title());
        pdf.line(pdf.regular, 9, report.periodLine(words.text()));
        pdf.line(pdf.regular, 9, report.producedLine(words.text()));
        pdf.y -= 4;
        pdf.line(pdf.bold, 8, "Empreinte de l'historique de chaque école (chaîne SHA-256, vérifiable dans l'application) :");
        for (Report.School school : report.schools()) {
            pdf.line(pdf.regular, 8, school.uai() + "  " + school.name() + "   " + school.chainHead(), pdf.mono, 7,
                    String.valueOf(school.chainHead()));
        }
        pdf.y -= 6;
        pdf.line(pdf.bold, 11, "Changements par mois");
        List<String> headings = new ArrayList<>(List.of("Mois"));
        headings.addAll(Report.Counts.HEADINGS);
        float[] countWidths = new float[headings.size()];
        countWidths[0] = 90;
        for (int i = 1; i < countWidths.length; i++) {
            countWidths[i] = (PdfPages.WIDTH - 2 * PdfPages.MARGIN - 90) / (countWidths.length - 1);
        }
        pdf.row(pdf.bold, countWidths, headings, false, null);
        for (Map.Entry<java.time.YearMonth, Report.Counts> month : report.perMonth().entrySet()) {
            pdf.row(pdf.regular, countWidths, counts(month.getKey().format(ChangeWords.MONTH), month.getValue()), false,
                    headings);
        }
        pdf.row(pdf.bold, countWidths, counts("Total", report.total()), false, headings);
        pdf.y -= 2;
        pdf.paragraph(pdf.regular, PdfPages.SIZE, Report.COUNTS_NOTE);
        pdf.y -= 8;
        pdf.room(175);
        pdf.line(pdf.bold, 11, "Comptes actifs");
        chart(report);
        pdf.y -= 6;
        pdf.line(pdf.bold, 11, (report.notShown() == 0 ? "Tous les changements (" : "Les changements (")
                + report.totalChanges() + ")");
        if (report.notShownLine() != null) {
            pdf.paragraph(pdf.bold, 8, report.notShownLine());
        }
        boolean severalSchools = report.schools().size() > 1;
        float[] widths = severalSchools ? PdfPages.columns(60, 40, 130, 80, 0, 46, 104, 84)
                : PdfPages.columns(60, 140, 82, 0, 48, 104, 96);
        List<String> changeHeadings = severalSchools
                ? List.of("Date", "École", "Compte", "Changement", "Détail", "Par", "Origine", "Motif")
                : List.of("Date", "Compte", "Changement", "Détail", "Par", "Origine", "Motif");
        pdf.room(30);
        pdf.row(pdf.bold, widths, changeHeadings, false, null);
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
            pdf.row(pdf.regular, widths, cells, shade, changeHeadings);
            shade = !shade;
        }
        if (report.notShownLine() != null) {
            pdf.y -= 4;
            pdf.paragraph(pdf.bold, 8, report.notShownLine());
        }
        return pdf.finish("Historique des comptes — " + report.title() + " — du "
                + report.from().format(ChangeWords.DATE) + " au " + report.to().format(ChangeWords.DATE));
    }

    private static List<String> counts(String first, Report.Counts counts) {
        List<String> cells = new ArrayList<>(List.of(first));
        counts.values().forEach(n -> cells.add(String.valueOf(n)));
        return cells;
    }

    private void chart(Report report) throws IOException {
        Chart chart = Chart.of(report.activeAccounts(), 440, 120);
        var page = pdf.page;
        float left = PdfPages.MARGIN + 40;
        float top = pdf.y - 5;
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
        pdf.draw(pdf.regular, 8, left - 30, top - 4, String.valueOf(chart.max()));
        pdf.draw(pdf.regular, 8, left - 30, top - 122, "0");
        pdf.draw(pdf.regular, 8, left, top - 133, report.from().format(ChangeWords.DATE));
        pdf.draw(pdf.regular, 8, left + 395, top - 133, report.chartEnd().format(ChangeWords.DATE));
        pdf.y = top - 145;
    }
}
