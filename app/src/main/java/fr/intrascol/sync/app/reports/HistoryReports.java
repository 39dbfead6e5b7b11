package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.audit.EventChain;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.DateParams;
import fr.intrascol.sync.message.query.FindSchools;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.Folding;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.reports.FindReportSummary;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds history reports and renders them as files, for the API and the report pages alike: who may
 * read which school, the period in the schools' time zone, the chain heads, the counts.
 */
@Component
public class HistoryReports {

    private final QueryGateway queries;
    private final SchoolAccess access;
    private final AccountReadModel schools;
    private final EventChain chain;
    private final ZoneId zone;
    private final Period maxPeriod;
    private final int maxChanges;
    private final ChangeWords words;
    private final Clock clock;

    public HistoryReports(QueryGateway queries, SchoolAccess access, AccountReadModel schools, EventChain chain,
                          ChangeWords words, Clock clock, ZoneId zone,
                          IntrascolProperties properties) {
        Period maxPeriod = properties.reports().maxPeriod();
        int maxChanges = properties.reports().maxChanges();
        this.queries = queries;
        this.access = access;
        this.schools = schools;
        this.chain = chain;
        this.words = words;
        this.clock = clock;
        this.zone = zone;
        if (maxPeriod.isNegative() || maxPeriod.isZero()) {
            throw new IllegalStateException("intrascol.reports.max-period must be a positive period, e.g. P10Y");
        }
        this.maxPeriod = maxPeriod;
        this.maxChanges = Math.max(1, maxChanges);
    }

    /** The longest period a report covers ({@code intrascol.reports.max-period}). */
    public Period maxPeriod() {
        return maxPeriod;
    }

    /** The most changes a report's files detail ({@code intrascol.reports.max-changes}); they count them all. */
    public int maxChanges() {
        return maxChanges;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The schools the user may read (every school for an ADMIN), by name as a person sorts them. */
    public List<SchoolView> readableSchools() {
        Set<String> readable = access.readableSchools();
        return queries.query(new FindSchools(), ResponseTypes.multipleInstancesOf(SchoolView.class))
                .join().stream()
                .filter(s -> readable == null || readable.contains(s.uai()))
                .sorted(Comparator.comparing((SchoolView s) -> Folding.fold(s.name())).thenComparing(SchoolView::uai))
                .toList();
    }

    /** The schools named, or without any, every school the user may read (an ADMIN must name them). */
    public List<Uai> schoolsOrReadable(List<String> named) {
        List<Uai> uais = new ArrayList<>();
        if (named == null || named.isEmpty()) {
            Set<String> readable = access.readableSchools();
            if (readable == null) {
                throw new InvalidValueException("schools", "Name the schools of the report (schools=UAI,UAI...).");
            }
            readable.stream().sorted().map(Uai::new).forEach(uais::add);
        } else {
            named.forEach(s -> uais.add(new Uai(s)));
        }
        return uais;
    }

    /**
     * The report of the schools over the days {@code fromText} to {@code toText} ({@code yyyy-MM-dd},
     * both included), if the user may read every one of them.
     */
    public Report build(List<Uai> uais, String fromText, String toText) {
        return build(uais, fromText, toText, maxChanges, false);
    }

    /**
     * The report with at most {@code changesShown} detailed changes: the oldest of the period in order, or
     * with {@code newestFirst} the newest, newest first. The counts and the curve always cover the period.
     */
    public Report build(List<Uai> uais, String fromText, String toText, int changesShown, boolean newestFirst) {
        return build(uais, fromText, toText, changesShown, newestFirst, 0);
    }

    /** The same, leaving out the first {@code skip} changes (the report page's later pages). */
    public Report build(List<Uai> uais, String fromText, String toText, int changesShown, boolean newestFirst,
                        long skip) {
        if (uais.isEmpty()) {
            throw new InvalidValueException("schools", "The report needs at least one school.");
        }
        LocalDate from = DateParams.date("from", fromText);
        LocalDate to = DateParams.date("to", toText);
        if (from == null) {
            throw new InvalidValueException("from", "Give the first day of the period (from=yyyy-MM-dd).");
        }
        if (to == null) {
            throw new InvalidValueException("to", "Give the last day of the period (to=yyyy-MM-dd).");
        }
        if (from.isAfter(LocalDate.now(clock.withZone(zone)))) {
            throw new InvalidValueException("from", "The period starts (" + from + ") after today: nothing happened yet.");
        }
        if (to.isBefore(from)) {
            throw new InvalidValueException("to", "The period ends (" + to + ") before it starts (" + from + ").");
        }
        if (!to.isBefore(from.plus(maxPeriod))) {
            throw new PeriodTooLongException(maxPeriod, from, to);
        }
        List<Report.School> reportSchools = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>();
        for (Uai uai : uais) {
            var school = schools.requireSchool(uai);
            reportSchools.add(new Report.School(uai.value(), school.name(), chain.head(uai)));
            codes.add(uai.value());
        }
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        Instant now = clock.instant();
        var data = queries.query(new FindReportSummary(codes, start, end, zone, Math.min(changesShown, maxChanges),
                newestFirst, skip, now), ResponseTypes.instanceOf(FindReportSummary.Summary.class)).join();
        return new Report(reportSchools, from, to, zone, now, SchoolAccess.currentUser().username(),
                Report.perMonth(data.perMonth(), from, to), data.activeAccounts(), data.changes(), data.totalChanges(),
                skip);
    }

    /** The report as {@code html} (a page), {@code csv} or {@code pdf} (attachments), in any case. */
    public ResponseEntity<byte[]> render(Report report, String format) {
        String name = "historique-" + (report.schools().size() == 1 ? report.schools().get(0).uai()
                : report.schools().size() + "-ecoles") + "-" + report.from() + "-" + report.to();
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "html" -> ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                    .body(HtmlReport.render(report, words).getBytes(StandardCharsets.UTF_8));
            case "csv" -> download(CsvReport.render(report, words).getBytes(StandardCharsets.UTF_8),
                    new MediaType("text", "csv", StandardCharsets.UTF_8), name + ".csv");
            case "pdf" -> download(PdfReport.render(report, words), MediaType.APPLICATION_PDF, name + ".pdf");
            default -> throw new InvalidValueException("format", "'" + format + "' is not a report format: html, csv or pdf.");
        };
    }

    static ResponseEntity<byte[]> download(byte[] body, MediaType type, String fileName) {
        return ResponseEntity.ok().contentType(type)
                .header("Content-Disposition", ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8)
                        .build().toString())
                .body(body);
    }
}
