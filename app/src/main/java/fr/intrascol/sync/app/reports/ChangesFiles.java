package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.query.reports.FindAccountChanges.Kind;
import fr.intrascol.sync.query.reports.FindAccountChanges.Line;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

/**
 * « Ce qui a changé entre deux dates » as files: a self-contained HTML page, a CSV for Excel (the history
 * report's: BOM, {@code ;}, French headings, formulas neutralised) and a PDF ({@link PdfPages}); each with
 * the two moments, the counts per kind and one line per change, in the same words.
 */
final class ChangesFiles {

    private ChangesFiles() {
    }

    static final String TITLE = "Ce qui a changé entre deux dates";

    /** The headings of the lines, with the school's column when the report covers several. */
    static List<String> headings(ChangesReport report) {
        List<String> headings = new ArrayList<>(List.of("Changement", "Compte", "Identifiant", "Classe", "Détail"));
        if (report.schools().size() > 1) {
            headings.add(0, "UAI");
        }
        return headings;
    }

    /** The cells of a line, in the order of {@link #headings}. */
    static List<String> cells(ChangesReport report, Line line) {
        List<String> cells = new ArrayList<>(List.of(ChangesReport.kind(line.kind()), ChangeWords.person(line.names()),
                ChangeWords.login(line.login()), ChangesReport.placement(line), ChangesReport.detail(line)));
        if (report.schools().size() > 1) {
            cells.add(0, line.uai());
        }
        return cells;
    }

    static String html(ChangesReport report, ChangeWords words) {
        StringBuilder html = new StringBuilder(16 * 1024);
        html.append("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>").append(e(TITLE + " — "
                        + report.title())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}")
                .append("th{background:#eee}.n{text-align:right}</style></head><body>");
        html.append("<h1>").append(e(TITLE)).append("</h1><p><strong>").append(e(report.title()))
                .append("</strong><br>").append(e(report.periodLine(words.text()))).append("<br>")
                .append(e("Produit le " + words.text().at(report.producedAt()) + " par " + report.producedBy()))
                .append("</p><table><tr>");
        ChangesReport.KINDS.values().forEach(k -> html.append("<th>").append(e(k)).append("</th>"));
        html.append("<th>Total</th></tr><tr>");
        for (Kind kind : ChangesReport.KINDS.keySet()) {
            html.append("<td class=\"n\">").append(report.counts().get(kind)).append("</td>");
        }
        html.append("<td class=\"n\">").append(report.total()).append("</td></tr></table>");
        if (report.lines().isEmpty()) {
            html.append("<p>Aucun changement entre ces deux dates.</p>");
        } else {
            html.append("<table><tr>");
            headings(report).forEach(h -> html.append("<th>").append(e(h)).append("</th>"));
            html.append("</tr>");
            for (Line line : report.lines()) {
                html.append("<tr>");
                cells(report, line).forEach(c -> html.append("<td>").append(e(c)).append("</td>"));
                html.append("</tr>");
            }
            html.append("</table>");
        }
        return html.append("</body></html>").toString();
    }

    static String csv(ChangesReport report, ChangeWords words) {
        StringWriter out = new StringWriter();
        out.write(CsvReport.BOM);
        try (CSVPrinter csv = new CSVPrinter(out, CsvReport.format())) {
            CsvReport.row(csv, TITLE, report.title());
            CsvReport.row(csv, "Comparaison", report.periodLine(words.text()));
            CsvReport.row(csv, "Du", words.at(report.from()), "au", words.at(report.to()));
            CsvReport.row(csv, "Produit le", words.at(report.producedAt()), "par " + report.producedBy());
            for (Map.Entry<Kind, String> kind : ChangesReport.KINDS.entrySet()) {
                CsvReport.row(csv, kind.getValue(), String.valueOf(report.counts().get(kind.getKey())));
            }
            CsvReport.row(csv, "Total", String.valueOf(report.total()));
            csv.println();
            CsvReport.row(csv, headings(report).toArray());
            for (Line line : report.lines()) {
                CsvReport.row(csv, cells(report, line).toArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static byte[] pdf(ChangesReport report, ChangeWords words) {
        try {
            PdfPages pdf = new PdfPages();
            pdf.line(pdf.bold, 16, TITLE);
            pdf.line(pdf.bold, 11, report.title());
            pdf.line(pdf.regular, 9, report.periodLine(words.text()));
            pdf.line(pdf.regular, 9, "Produit le " + words.text().at(report.producedAt()) + " par " + report.producedBy());
            pdf.y -= 6;
            List<String> kinds = new ArrayList<>(ChangesReport.KINDS.values());
            kinds.add("Total");
            List<String> counts = new ArrayList<>();
            ChangesReport.KINDS.keySet().forEach(k -> counts.add(String.valueOf(report.counts().get(k))));
            counts.add(String.valueOf(report.total()));
            float[] countWidths = new float[kinds.size()];
            java.util.Arrays.fill(countWidths, 110);
            pdf.row(pdf.bold, countWidths, kinds, false, null);
            pdf.row(pdf.regular, countWidths, counts, false, null);
            pdf.y -= 8;
            if (report.lines().isEmpty()) {
                pdf.line(pdf.regular, 9, "Aucun changement entre ces deux dates.");
            } else {
                float[] widths = report.schools().size() > 1 ? PdfPages.columns(50, 100, 170, 110, 0, 0)
                        : PdfPages.columns(100, 180, 120, 0, 0);
                // two columns share what is left: class and detail
                float rest = widths[widths.length - 1] / 2;
                widths[widths.length - 1] = rest;
                widths[widths.length - 2] = rest;
                List<String> headings = headings(report);
                pdf.row(pdf.bold, widths, headings, false, null);
                boolean shade = false;
                for (Line line : report.lines()) {
                    pdf.row(pdf.regular, widths, cells(report, line), shade, headings);
                    shade = !shade;
                }
            }
            return pdf.finish(TITLE + " — " + report.title());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String e(String text) {
        return htmlEscape(text == null ? "" : text, "UTF-8");
    }
}
