package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;

import java.util.Locale;
import java.util.Map;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

/** The report as a self-contained HTML page (inline SVG chart, no script), every value escaped. */
final class HtmlReport {

    private HtmlReport() {
    }

    static String render(Report report, ChangeWords words) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>")
                .append(e("Historique des comptes — " + report.title())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}")
                .append("th{background:#eee}.n{text-align:right}.hash{font-family:monospace;font-size:.85em}")
                .append("@media print{body{margin:0}}</style></head><body>");
        html.append("<h1>Historique des comptes</h1>");
        html.append("<p><strong>").append(e(report.title())).append("</strong><br>")
                .append(e(report.periodLine(words.text()))).append("<br>")
                .append(e(report.producedLine(words.text()))).append("</p>");
        html.append("<table><tr><th>École</th><th>UAI</th><th>Empreinte de l'historique (chaîne SHA-256)</th></tr>");
        for (Report.School school : report.schools()) {
            html.append("<tr><td>").append(e(school.name())).append("</td><td>").append(e(school.uai()))
                    .append("</td><td class=\"hash\">").append(e(String.valueOf(school.chainHead()))).append("</td></tr>");
        }
        html.append("</table>");

        html.append("<h2>Changements par mois</h2><table><tr><th>Mois</th>");
        Report.Counts.HEADINGS.forEach(h -> html.append("<th>").append(e(h)).append("</th>"));
        html.append("</tr>");
        for (Map.Entry<java.time.YearMonth, Report.Counts> month : report.perMonth().entrySet()) {
            html.append("<tr><td>").append(e(month.getKey().format(ChangeWords.MONTH))).append("</td>");
            month.getValue().values().forEach(n -> html.append(cell(n)));
            html.append("</tr>");
        }
        html.append("<tr><th>Total</th>");
        report.total().values().forEach(n -> html.append(cell(n)));
        html.append("</tr></table><p>").append(e(Report.COUNTS_NOTE)).append("</p>");

        html.append("<h2>Comptes actifs</h2>").append(svg(report));

        html.append("<h2>").append(report.notShown() == 0 ? "Tous les changements" : "Les changements")
                .append(" (").append(report.totalChanges()).append(")</h2>");
        if (report.notShownLine() != null) {
            html.append("<p><strong>").append(e(report.notShownLine())).append("</strong></p>");
        }
        boolean severalSchools = report.schools().size() > 1;
        html.append("<table><tr><th>Date</th>").append(severalSchools ? "<th>École</th>" : "")
                .append("<th>Compte</th><th>Changement</th><th>Détail</th><th>Par</th><th>Origine</th>")
                .append("<th>Motif</th></tr>");
        for (ReportChange change : report.changes()) {
            var c = change.change();
            String login = ChangeWords.login(change.login());
            html.append("<tr><td>").append(e(words.at(c.at()))).append("</td>")
                    .append(severalSchools ? "<td>" + e(c.uai()) + "</td>" : "")
                    .append("<td>").append(e(words.account(change)))
                    .append(login.isEmpty() ? "" : "<br><small>" + e(login) + "</small>")
                    .append("</td><td>").append(e(words.kind(c.type()))).append("</td><td>")
                    .append(e(words.detail(c.type(), c.changes()))).append("</td><td>").append(e(c.actor()))
                    .append("</td><td>").append(e(words.origin(c.origin())))
                    .append(c.importId() == null ? "" : " <small>" + e(c.importId().substring(0, 8)) + "</small>")
                    .append("</td><td>").append(e(c.reason() == null ? "" : c.reason())).append("</td></tr>");
        }
        html.append("</table>");
        if (report.notShownLine() != null) {
            html.append("<p><strong>").append(e(report.notShownLine())).append("</strong></p>");
        }
        html.append("</body></html>");
        return html.toString();
    }

    static String svg(Report report) {
        Chart chart = Chart.of(report.activeAccounts(), 640, 180);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"230\""
                + " viewBox=\"0 0 720 230\" role=\"img\" aria-label=\"Comptes actifs au fil de la période\">");
        svg.append("<g transform=\"translate(60,15)\">")
                .append("<line x1=\"0\" y1=\"180\" x2=\"640\" y2=\"180\" stroke=\"#444\"/>")
                .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"180\" stroke=\"#444\"/>")
                .append("<text x=\"-8\" y=\"5\" text-anchor=\"end\" font-size=\"11\">").append(chart.max()).append("</text>")
                .append("<text x=\"-8\" y=\"184\" text-anchor=\"end\" font-size=\"11\">0</text>")
                .append("<polyline fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2\" points=\"");
        for (double[] p : chart.points()) {
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
        }
        svg.append("\"/><text x=\"0\" y=\"198\" font-size=\"11\">").append(report.from().format(ChangeWords.DATE))
                .append("</text><text x=\"640\" y=\"198\" text-anchor=\"end\" font-size=\"11\">")
                .append(report.chartEnd().format(ChangeWords.DATE)).append("</text></g></svg>");
        return svg.toString();
    }

    private static String cell(int n) {
        return "<td class=\"n\">" + n + "</td>";
    }

    private static String e(String text) {
        return htmlEscape(text == null ? "" : text, "UTF-8");
    }
}
