package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.message.query.FindSchools;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The history report as a page (where an inspector lands): choose schools and a period, read the
 * counts per month, the active accounts' curve and the changes, and download the CSV or the PDF.
 * The same report as the API's ({@link HistoryReports}), signed in with the page session.
 */
@WebPage
public class ReportPages {

    /** The page lists this many changes, newest first; the files detail up to {@link HistoryReports#maxChanges()}. */
    static final int CHANGES_ON_PAGE = 200;

    private final HistoryReports reports;
    private final SchoolAccess access;
    private final AccountReadModel readModel;
    private final QueryGateway queries;
    private final FrenchMessages french;
    private final FrenchText text;

    public ReportPages(HistoryReports reports, SchoolAccess access, AccountReadModel readModel, QueryGateway queries,
                       FrenchMessages french, FrenchText text) {
        this.reports = reports;
        this.access = access;
        this.readModel = readModel;
        this.queries = queries;
        this.french = french;
        this.text = text;
    }

    /** A school the user may choose, and whether it is chosen. */
    public record Choice(SchoolView school, boolean chosen) {
    }

    /** One month of the counts table. */
    public record MonthRow(String month, Report.Counts counts) {
    }

    /** Several schools (an inspector: theirs, all chosen at first; an ADMIN: any, to choose). */
    @GetMapping("/reports")
    public String reports(@RequestParam(required = false) List<String> schools,
                          @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                          Model model) {
        Set<String> readable = access.readableSchools();
        List<SchoolView> all = queries.query(new FindSchools(), ResponseTypes.multipleInstancesOf(SchoolView.class))
                .join().stream()
                .filter(s -> readable == null || readable.contains(s.uai()))
                .sorted(Comparator.comparing(SchoolView::name))
                .toList();
        boolean submitted = schools != null || from != null || to != null;
        Set<String> chosen = new LinkedHashSet<>();
        if (schools != null) {
            schools.stream().filter(s -> !s.isBlank()).map(String::strip).forEach(chosen::add);
        } else if (!submitted && readable != null) {
            all.forEach(s -> chosen.add(s.uai()));
        }
        model.addAttribute("choices", all.stream().map(s -> new Choice(s, chosen.contains(s.uai()))).toList());
        if (chosen.isEmpty() && submitted) {
            model.addAttribute("error", french.text("report.schools.none"));
        }
        return page(new ArrayList<>(chosen), from, to, model);
    }

    /** One school's report: the school's "Historique" tab. */
    @GetMapping("/schools/{uai}/reports")
    public String school(@PathVariable Uai uai, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String to, Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        return page(List.of(uai.value()), from, to, model);
    }

    /** The CSV or PDF of the report the page shows (the API's endpoints take HTTP Basic only). */
    @GetMapping("/reports/download")
    public ResponseEntity<byte[]> download(@RequestParam String format, @RequestParam List<String> schools,
                                           @RequestParam String from, @RequestParam String to) {
        if (!List.of("csv", "pdf").contains(format.toLowerCase(Locale.ROOT))) {
            throw new InvalidValueException("format", "'" + format + "': the pages download csv or pdf.");
        }
        Report report = reports.build(reports.schoolsOrReadable(schools), from, to);
        return HistoryReports.render(report, format);
    }

    private String page(List<String> chosen, String from, String to, Model model) {
        LocalDate today = text.today();
        LocalDate yearStart = FrenchText.schoolYearStart(today);
        model.addAttribute("from", from != null ? from : text.date(yearStart));
        model.addAttribute("to", to != null ? to : text.date(today));
        model.addAttribute("chosen", chosen);
        if (chosen.isEmpty() || model.containsAttribute("error")) {
            return "reports/page";
        }
        Report report;
        try {
            report = reports.build(chosen.stream().map(Uai::new).toList(),
                    from != null ? FrenchText.isoDate(from) : yearStart.toString(),
                    to != null ? FrenchText.isoDate(to) : today.toString(), CHANGES_ON_PAGE, true);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (PeriodTooLongException e) {
            model.addAttribute("error", french.text("report.period.too-long",
                    PeriodTooLongException.describeInFrench(e.maxPeriod())));
            model.addAttribute("errorField", e.field());
            return "reports/page";
        } catch (RuntimeException e) {
            String message = french.describe(e);
            if (message.equals(french.text("unexpected"))) {
                throw e;
            }
            model.addAttribute("error", message);
            model.addAttribute("errorField", e instanceof InvalidValueException invalid ? invalid.field() : null);
            return "reports/page";
        }
        model.addAttribute("report", report);
        List<MonthRow> months = new ArrayList<>();
        for (Map.Entry<java.time.YearMonth, Report.Counts> month : report.perMonth().entrySet()) {
            months.add(new MonthRow(month.getKey().format(HtmlReport.MONTH), month.getValue()));
        }
        model.addAttribute("months", months);
        model.addAttribute("total", report.perMonth().values().stream().reduce(new Report.Counts(0, 0, 0, 0, 0),
                (a, b) -> new Report.Counts(a.arrivals() + b.arrivals(), a.departures() + b.departures(),
                        a.moves() + b.moves(), a.renames() + b.renames(), a.manualEdits() + b.manualEdits())));
        model.addAttribute("chart", HtmlReport.svg(report));
        model.addAttribute("changes", report.changes());
        model.addAttribute("maxChanges", reports.maxChanges());
        model.addAttribute("schoolList", String.join(",", chosen));
        return "reports/page";
    }
}
