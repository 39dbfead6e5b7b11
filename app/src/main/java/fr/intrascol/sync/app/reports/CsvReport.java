package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as CSV for a spreadsheet on a French PC: UTF-8 with a byte-order mark (else Excel reads it as
 * Windows-1252: « Ã‰cole »), {@code ;} between cells, French headings, dates as Excel reads them
 * (06/12/2026 14:05). A few lines say what it is and count by month, then one line per change, in the same
 * words as the HTML and the PDF ({@link ChangeWords}). Every cell that a spreadsheet would read as a formula
 * (starting with = + - @, a tab or a carriage return) is neutralised with a leading apostrophe: a pupil
 * named "=HYPERLINK(...)" stays text.
 */
final class CsvReport {

    /** The byte-order mark that tells Excel the file is UTF-8. */
    static final String BOM = "\uFEFF";
    /** The headings of the changes' lines. */
    static final List<String> HEADINGS = List.of("Date", "UAI", "Compte", "Identifiant", "Changement", "Détail",
            "Par", "Origine", "Import", "Motif");

    private CsvReport() {
    }

    static String render(Report report, ChangeWords words) {
        StringWriter out = new StringWriter();
        out.write(BOM);
        try (CSVPrinter csv = new CSVPrinter(out, format())) {
            row(csv, "Historique des comptes", report.title());
            row(csv, "Période", "du " + report.from().format(ChangeWords.DATE), "au " + report.to().format(ChangeWords.DATE));
            row(csv, "Produit le", words.at(report.producedAt()), "par " + report.producedBy());
            for (Report.School school : report.schools()) {
                row(csv, "Empreinte de l'historique", school.uai(), school.name(), String.valueOf(school.chainHead()));
            }
            row(csv, "Changements", String.valueOf(report.totalChanges()));
            if (report.notShownLine() != null) {
                row(csv, "Changements non détaillés", String.valueOf(report.notShown()), report.notShownLine());
            }
            csv.println();
            List<Object> headings = new ArrayList<>(List.of("Mois"));
            headings.addAll(Report.Counts.HEADINGS);
            row(csv, headings.toArray());
            for (Map.Entry<YearMonth, Report.Counts> month : report.perMonth().entrySet()) {
                List<Object> cells = new ArrayList<>(List.of(month.getKey().format(ChangeWords.MONTH)));
                cells.addAll(month.getValue().values());
                row(csv, cells.toArray());
            }
            row(csv, Report.COUNTS_NOTE);
            csv.println();
            row(csv, HEADINGS.toArray());
            for (ReportChange change : report.changes()) {
                var c = change.change();
                row(csv, words.at(c.at()), c.uai(), words.account(change), ChangeWords.login(change.login()),
                        words.kind(c.type()), words.detail(c.type(), c.changes()), c.actor(), words.origin(c.origin()),
                        c.importId() == null ? "" : c.importId().substring(0, 8), c.reason());
            }
            if (report.notShownLine() != null) {
                row(csv, report.notShownLine());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** How the files are written and read back: Excel's CSV with {@code ;} between cells. */
    static CSVFormat format() {
        return CSVFormat.EXCEL.builder().setDelimiter(';').get();
    }

    static void row(CSVPrinter csv, Object... cells) throws IOException {
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
