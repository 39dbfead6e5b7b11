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
import fr.intrascol.sync.app.ui.PageModel;
import fr.intrascol.sync.app.web.Causes;
import fr.intrascol.sync.message.value.Folding;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
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
 * counts per month, the active accounts' curve and the changes, {@value #PAGE_SIZE} a page, newest first,
 * and download the CSV or the PDF. The same report as the API's ({@link HistoryReports}), signed in with the
 * page session. A link with a missing or garbled parameter gives a French page (400), never a failure.
 */
@WebPage
public class ReportPages {

    /** The page lists this many changes, newest first; the files detail up to {@link HistoryReports#maxChanges()}. */
    static final int PAGE_SIZE = 50;

    private final HistoryReports reports;
    private final SchoolAccess access;
    private final AccountReadModel readModel;
    private final QueryGateway queries;
    private final FrenchMessages french;
    private final FrenchText text;
    private final PageModel pageModel;

    public ReportPages(HistoryReports reports, SchoolAccess access, AccountReadModel readModel, QueryGateway queries,
                       FrenchMessages french, FrenchText text, PageModel pageModel) {
        this.reports = reports;
        this.access = access;
        this.readModel = readModel;
        this.queries = queries;
        this.french = french;
        this.text = text;
        this.pageModel = pageModel;
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
                          @RequestParam(required = false) String page, Model model) {
        return page(chosenSchools(schools, schools != null || from != null || to != null, reports, access, french,
                model), from, to, page, model);
    }

    /**
     * The schools a report page of several is about, and its checkboxes in the model: those ticked; at first
     * (nothing submitted) all of an inspector's; none with an error when the form came back without any.
     */
    static List<String> chosenSchools(List<String> schools, boolean submitted, HistoryReports reports,
                                      SchoolAccess access, FrenchMessages french, Model model) {
        List<SchoolView> all = reports.readableSchools();
        Set<String> chosen = new LinkedHashSet<>();
        if (schools != null) {
            schools.stream().filter(s -> !s.isBlank()).map(String::strip).forEach(chosen::add);
        } else if (!submitted && access.readableSchools() != null) {
            all.forEach(s -> chosen.add(s.uai()));
        }
        model.addAttribute("choices", all.stream().map(s -> new Choice(s, chosen.contains(s.uai()))).toList());
        if (chosen.isEmpty() && submitted) {
            model.addAttribute("error", french.text("report.schools.none"));
            model.addAttribute("errorField", "schools");
        }
        return new ArrayList<>(chosen);
    }

    /** One school's report: the school's "Historique" tab. */
    @GetMapping("/schools/{uai}/reports")
    public String school(@PathVariable Uai uai, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String to, @RequestParam(required = false) String page,
                         Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        return page(List.of(uai.value()), from, to, page, model);
    }

    /** The CSV or PDF of the report the page shows (the API's endpoints take HTTP Basic only). */
    @GetMapping("/reports/download")
    public ResponseEntity<byte[]> download(@RequestParam(required = false) String format,
                                           @RequestParam(required = false) List<String> schools,
                                           @RequestParam(required = false) String from,
                                           @RequestParam(required = false) String to) {
        if (format == null || !List.of("csv", "pdf").contains(format.toLowerCase(Locale.ROOT))) {
            throw new InvalidValueException("format", "'" + format + "': the pages download csv or pdf.");
        }
        Report report = reports.build(reports.schoolsOrReadable(schools), FrenchText.isoDate(from),
                FrenchText.isoDate(to));
        return reports.render(report, format);
    }

    /**
     * A report link with a parameter missing or garbled (a date, a school, a format, a page): a French page
     * saying which, with status 400, and the menu.
     */
    @ExceptionHandler({InvalidValueException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    public String badLink(Exception e, Model model, HttpServletResponse response) {
        return badLink(e, french, pageModel, model, response);
    }

    /** The French page of a bad report link, shared by the report pages. */
    static String badLink(Exception e, FrenchMessages french, PageModel pageModel, Model model,
                          HttpServletResponse response) {
        InvalidValueException invalid = Causes.find(e, InvalidValueException.class);
        model.addAttribute("me", pageModel.me());
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("status", HttpStatus.BAD_REQUEST.value());
        model.addAttribute("title", french.text("report.link.title"));
        model.addAttribute("message", invalid != null ? fieldMessage(french, invalid)
                : french.text("report.link.invalid"));
        return "error";
    }

    /** The French sentence for a report's refused value: the reports' own, else the pages' shared one. */
    static String fieldMessage(FrenchMessages french, InvalidValueException invalid) {
        String key = "report.invalid." + invalid.field();
        String message = french.text(key);
        return message.equals(key) ? french.describe(invalid) : message;
    }

    private String page(List<String> chosen, String from, String to, String pageText, Model model) {
        LocalDate today = text.today();
        LocalDate yearStart = FrenchText.schoolYearStart(today);
        String fromIso = from != null ? FrenchText.isoDate(from.strip()) : yearStart.toString();
        String toIso = to != null ? FrenchText.isoDate(to.strip()) : today.toString();
        model.addAttribute("from", fromIso);
        model.addAttribute("to", toIso);
        model.addAttribute("chosen", chosen);
        model.addAttribute("today", today.toString());
        if (chosen.isEmpty() || model.containsAttribute("error")) {
            return "reports/page";
        }
        int page = pageNumber(pageText);
        Report report;
        try {
            report = reports.build(chosen.stream().map(Uai::new).toList(), fromIso, toIso, PAGE_SIZE, true,
                    (long) (page - 1) * PAGE_SIZE);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (PeriodTooLongException e) {
            model.addAttribute("error", french.text("report.period.too-long",
                    PeriodTooLongException.describeInFrench(e.maxPeriod())));
            model.addAttribute("errorField", e.field());
            return "reports/page";
        } catch (InvalidValueException e) {
            model.addAttribute("error", fieldMessage(french, e));
            model.addAttribute("errorField", e.field());
            return "reports/page";
        }
        model.addAttribute("report", report);
        List<MonthRow> months = new ArrayList<>();
        for (Map.Entry<java.time.YearMonth, Report.Counts> month : report.perMonth().entrySet()) {
            months.add(new MonthRow(month.getKey().format(ChangeWords.MONTH), month.getValue()));
        }
        model.addAttribute("months", months);
        model.addAttribute("headings", Report.Counts.HEADINGS);
        model.addAttribute("countsNote", Report.COUNTS_NOTE);
        model.addAttribute("total", report.total());
        model.addAttribute("chart", HtmlReport.svg(report));
        model.addAttribute("changes", report.changes());
        model.addAttribute("maxChanges", reports.maxChanges());
        model.addAttribute("schoolList", String.join(",", chosen));
        model.addAttribute("paging", Paging.of(page, PAGE_SIZE, report.totalChanges()));
        return "reports/page";
    }

    /** The page number of a link: 1 when none is given; a 400 for anything but a number from 1. */
    static int pageNumber(String text) {
        if (text == null || text.isBlank()) {
            return 1;
        }
        try {
            int page = Integer.parseInt(text.strip());
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new InvalidValueException("page", "'" + text + "' is not a page number: 1, 2, 3...");
    }
}
