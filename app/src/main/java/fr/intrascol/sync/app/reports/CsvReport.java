package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.query.FieldChange;
import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as CSV for a spreadsheet: a few lines saying what it is, then one line per changed field.
 * Every cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
 * return) is neutralised with a leading apostrophe: a pupil named "=HYPERLINK(...)" stays text.
 */
final class CsvReport {

    private CsvReport() {
    }

    static String render(Report report) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.EXCEL.builder().setDelimiter(';').get())) {
            row(csv, "Historique des comptes", report.title());
            row(csv, "Période", report.from().format(HtmlReport.DATE), report.to().format(HtmlReport.DATE));
            row(csv, "Produit le", report.producedAt().atZone(report.zone()).format(HtmlReport.DATE_TIME),
                    report.producedBy());
            for (Report.School school : report.schools()) {
                row(csv, "Empreinte de l'historique", school.uai(), school.name(), String.valueOf(school.chainHead()));
            }
            row(csv, "Changements", String.valueOf(report.totalChanges()));
            if (report.notShownLine() != null) {
                row(csv, "Changements non détaillés", String.valueOf(report.notShown()), report.notShownLine());
            }
            csv.println();
            row(csv, "Date", "UAI", "Compte", "Identifiant", "Changement", "Champ", "Avant", "Après", "Par", "Origine",
                    "Import", "Motif");
            for (ReportChange change : report.changes()) {
                for (FieldChange field : change.change().changes()) {
                    row(csv, change.change().at().atZone(report.zone()).format(HtmlReport.DATE_TIME),
                            change.change().uai(), change.account(), change.login(), change.change().type(),
                            field.field(), field.from(), field.to(), change.change().actor(), change.change().origin(),
                            change.change().importId(), change.change().reason());
                }
            }
            if (report.notShownLine() != null) {
                row(csv, report.notShownLine());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void row(CSVPrinter csv, Object... cells) throws IOException {
        List<String> safe = new ArrayList<>();
        for (Object cell : cells) {
            safe.add(neutralise(cell == null ? "" : cell.toString()));
        }
        csv.printRecord(safe);
    }

    static String neutralise(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }
}
