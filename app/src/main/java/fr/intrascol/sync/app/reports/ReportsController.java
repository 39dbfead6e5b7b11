package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.audit.EventChain;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.DateParams;
import fr.intrascol.sync.message.query.FindHistoryReport;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Inspector reports: what changed in one school, or several (a circonscription), over a period, as
 * an HTML page, a CSV file or a PDF document. Each prints each school's chain head hash.
 */
@RestController
public class ReportsController {

    private final QueryGateway queries;
    private final SchoolAccess access;
    private final AccountReadModel schools;
    private final EventChain chain;
    private final ZoneId zone;

    public ReportsController(QueryGateway queries, SchoolAccess access, AccountReadModel schools, EventChain chain,
                             @Value("${intrascol.time-zone:Europe/Paris}") ZoneId zone) {
        this.queries = queries;
        this.access = access;
        this.schools = schools;
        this.chain = chain;
        this.zone = zone;
    }

    @GetMapping("/api/schools/{uai}/reports/history")
    public ResponseEntity<byte[]> school(@PathVariable Uai uai, @RequestParam String from, @RequestParam String to,
                                         @RequestParam(defaultValue = "html") String format) {
        return report(List.of(uai), from, to, format);
    }

    /** Several schools at once; without {@code schools}, every school the user may read. */
    @GetMapping("/api/reports/history")
    public ResponseEntity<byte[]> schools(@RequestParam(required = false) List<String> schools,
                                          @RequestParam String from, @RequestParam String to,
                                          @RequestParam(defaultValue = "html") String format) {
        List<Uai> uais = new ArrayList<>();
        if (schools == null || schools.isEmpty()) {
            Set<String> readable = access.readableSchools();
            if (readable == null) {
                throw new InvalidValueException("schools", "Name the schools of the report (schools=UAI,UAI...).");
            }
            readable.stream().sorted().map(Uai::new).forEach(uais::add);
        } else {
            schools.forEach(s -> uais.add(new Uai(s)));
        }
        return report(uais, from, to, format);
    }

    private ResponseEntity<byte[]> report(List<Uai> uais, String fromText, String toText, String format) {
        if (uais.isEmpty()) {
            throw new InvalidValueException("schools", "The report needs at least one school.");
        }
        uais.forEach(access::requireRead);
        LocalDate from = DateParams.date("from", fromText);
        LocalDate to = DateParams.date("to", toText);
        if (to.isBefore(from)) {
            throw new InvalidValueException("to", "The period ends (" + to + ") before it starts (" + from + ").");
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
        var data = queries.query(new FindHistoryReport(codes, start, end),
                ResponseTypes.instanceOf(FindHistoryReport.HistoryReport.class)).join();
        Report report = new Report(reportSchools, from, to, zone, Instant.now(), SchoolAccess.currentUser().username(),
                Report.countPerMonth(data.changes(), from, to, zone), data.activeAccounts(), data.changes());
        String name = "historique-" + (uais.size() == 1 ? uais.get(0).value() : uais.size() + "-ecoles") + "-" + from
                + "-" + to;
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "html" -> ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                    .body(HtmlReport.render(report).getBytes(StandardCharsets.UTF_8));
            case "csv" -> download(CsvReport.render(report).getBytes(StandardCharsets.UTF_8),
                    new MediaType("text", "csv", StandardCharsets.UTF_8), name + ".csv");
            case "pdf" -> download(PdfReport.render(report), MediaType.APPLICATION_PDF, name + ".pdf");
            default -> throw new InvalidValueException("format", "'" + format + "' is not a report format: html, csv or pdf.");
        };
    }

    private static ResponseEntity<byte[]> download(byte[] body, MediaType type, String fileName) {
        return ResponseEntity.ok().contentType(type)
                .header("Content-Disposition", ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8)
                        .build().toString())
                .body(body);
    }
}
