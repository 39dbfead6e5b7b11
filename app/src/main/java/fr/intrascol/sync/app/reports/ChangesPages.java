package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.PageModel;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * « Ce qui a changé entre deux dates » as a page: a school's (its director's), or several (an inspector's:
 * theirs, all chosen at first; an ADMIN's: to choose). Two days, each with an optional time, compared: the
 * counts per kind, then the lines, {@value ReportPages#PAGE_SIZE} a page, and the HTML, CSV and PDF files.
 */
@WebPage
public class ChangesPages {

    private final ChangesReports changes;
    private final HistoryReports reports;
    private final SchoolAccess access;
    private final AccountReadModel readModel;
    private final FrenchMessages french;
    private final FrenchText text;
    private final PageModel pageModel;

    public ChangesPages(ChangesReports changes, HistoryReports reports, SchoolAccess access,
                        AccountReadModel readModel, FrenchMessages french, FrenchText text, PageModel pageModel) {
        this.changes = changes;
        this.reports = reports;
        this.access = access;
        this.readModel = readModel;
        this.french = french;
        this.text = text;
        this.pageModel = pageModel;
    }

    /** The two moments as the form gives them: a day, and an optional time of that day. */
    public record Period(String from, String fromTime, String to, String toTime) {

        /** « 2026-09-01 » or « 2026-09-01T08:00 », as the links and the API take it. */
        static String moment(String day, String time) {
            if (day == null || day.isBlank()) {
                return day;
            }
            String iso = FrenchText.isoDate(day.strip());
            return time == null || time.isBlank() ? iso : iso + "T" + time.strip();
        }

        public String fromMoment() {
            return moment(from, fromTime);
        }

        public String toMoment() {
            return moment(to, toTime);
        }
    }

    @GetMapping("/reports/changes")
    public String several(@RequestParam(required = false) List<String> schools,
                          @RequestParam(required = false) String from, @RequestParam(required = false) String fromTime,
                          @RequestParam(required = false) String to, @RequestParam(required = false) String toTime,
                          @RequestParam(required = false) String page, Model model) {
        List<String> chosen = ReportPages.chosenSchools(schools, schools != null || from != null || to != null,
                reports, access, french, model);
        return page(chosen, new Period(from, fromTime, to, toTime), page, model);
    }

    @GetMapping("/schools/{uai}/changes")
    public String school(@PathVariable Uai uai, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String fromTime, @RequestParam(required = false) String to,
                         @RequestParam(required = false) String toTime, @RequestParam(required = false) String page,
                         Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        return page(List.of(uai.value()), new Period(from, fromTime, to, toTime), page, model);
    }

    /** The HTML, CSV or PDF of what the page shows. */
    @GetMapping("/reports/changes/download")
    public ResponseEntity<?> download(@RequestParam(required = false) String format,
                                      @RequestParam(required = false) List<String> schools,
                                      @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to) {
        if (format == null || !List.of("html", "csv", "pdf").contains(format.toLowerCase(Locale.ROOT))) {
            throw new InvalidValueException("format", "'" + format + "': the pages download html, csv or pdf.");
        }
        return changes.render(changes.build(reports.schoolsOrReadable(schools), from, to), format);
    }

    @ExceptionHandler({InvalidValueException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    public String badLink(Exception e, Model model, HttpServletResponse response) {
        return ReportPages.badLink(e, french, pageModel, model, response);
    }

    private String page(List<String> chosen, Period asked, String pageText, Model model) {
        LocalDate today = text.today();
        Period period = new Period(asked.from() != null ? FrenchText.isoDate(asked.from().strip())
                : FrenchText.schoolYearStart(today).toString(), asked.fromTime(),
                asked.to() != null ? FrenchText.isoDate(asked.to().strip()) : today.toString(), asked.toTime());
        model.addAttribute("period", period);
        model.addAttribute("chosen", chosen);
        model.addAttribute("today", today.toString());
        model.addAttribute("kinds", ChangesReport.KINDS);
        if (chosen.isEmpty() || model.containsAttribute("error")) {
            return "reports/changes";
        }
        int page = ReportPages.pageNumber(pageText);
        ChangesReport report;
        try {
            report = changes.build(chosen.stream().map(Uai::new).toList(), period.fromMoment(), period.toMoment());
        } catch (InvalidValueException e) {
            model.addAttribute("error", refusal(e));
            model.addAttribute("errorField", e.field());
            return "reports/changes";
        }
        model.addAttribute("report", report);
        Paging paging = Paging.of(page, ReportPages.PAGE_SIZE, report.lines().size());
        int first = (int) Math.min(report.lines().size(), (long) (page - 1) * ReportPages.PAGE_SIZE);
        model.addAttribute("lines", report.lines().subList(first,
                Math.min(report.lines().size(), first + ReportPages.PAGE_SIZE)));
        model.addAttribute("paging", paging);
        model.addAttribute("schoolList", String.join(",", chosen));
        return "reports/changes";
    }

    /** A refusal in French: too many lines or schools say so; a wrong date says which. */
    private String refusal(InvalidValueException e) {
        String detail = e.getMessage() == null ? "" : e.getMessage();
        if (detail.contains("max-lines")) {
            return french.text("report.changes.too-many-lines", changes.maxLines());
        }
        if (detail.contains("max-schools")) {
            return french.text("report.changes.too-many-schools", changes.maxSchools());
        }
        return ReportPages.fieldMessage(french, e);
    }
}
