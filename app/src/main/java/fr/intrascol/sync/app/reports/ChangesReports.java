package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.audit.EventChain;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.reports.FindAccountChanges;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * « Ce qui a changé entre deux dates » for the API and the pages alike: who may read which school, the two
 * moments in the schools' time zone (a day stands for its end, as on the accounts page), the bounds
 * ({@code intrascol.reports.changes.max-schools}, {@code .max-lines}: beyond, a 400 saying so), and the
 * renderings as JSON, HTML, CSV or PDF.
 */
@Component
public class ChangesReports {

    private final QueryGateway queries;
    private final AccountReadModel schools;
    private final EventChain chain;
    private final ChangeWords words;
    private final Clock clock;
    private final ZoneId zone;
    private final int maxSchools;
    private final int maxLines;

    public ChangesReports(QueryGateway queries, AccountReadModel schools, EventChain chain,
                          ChangeWords words, Clock clock, ZoneId zone,
                          IntrascolProperties properties) {
        int maxSchools = properties.reports().changes().maxSchools();
        int maxLines = properties.reports().changes().maxLines();
        this.queries = queries;
        this.schools = schools;
        this.chain = chain;
        this.words = words;
        this.clock = clock;
        this.zone = zone;
        this.maxSchools = Math.max(1, maxSchools);
        this.maxLines = Math.max(1, maxLines);
    }

    public int maxSchools() {
        return maxSchools;
    }

    public int maxLines() {
        return maxLines;
    }

    /** A moment asked for: a day (its end) or a moment of a day. */
    record Moment(Instant at, boolean day) {
    }

    /**
     * A moment as links and the API give it: {@code 2026-09-01} (the end of that day, local time),
     * {@code 2026-09-01T08:00} (local time) or an ISO instant ({@code 2026-09-01T06:00:00Z}); never after now.
     */
    Moment moment(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException(field, "Give the " + ("from".equals(field) ? "first" : "second")
                    + " date (" + field + "=yyyy-MM-dd, or yyyy-MM-ddTHH:mm).");
        }
        String value = text.strip();
        Instant at;
        boolean day = false;
        try {
            if (value.length() == 10) {
                at = LocalDate.parse(value).plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
                day = true;
            } else if (value.endsWith("Z") || value.matches(".*[+-]\\d{2}:\\d{2}$")) {
                at = java.time.OffsetDateTime.parse(value).toInstant();
            } else {
                at = LocalDateTime.parse(value).atZone(zone).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "'" + text + "' is not a date: write 2026-09-01, 2026-09-01T08:00"
                    + " or 2026-09-01T06:00:00Z.");
        }
        Instant now = clock.instant();
        return new Moment(at.isAfter(now) ? now : at, day);
    }

    /** The accounts at {@code fromText} against {@code toText}, if the user may read every school. */
    public ChangesReport build(List<Uai> uais, String fromText, String toText) {
        if (uais.isEmpty()) {
            throw new InvalidValueException("schools", "Name at least one school.");
        }
        if (uais.size() > maxSchools) {
            throw new InvalidValueException("schools", uais.size() + " schools: at most " + maxSchools
                    + " at once (intrascol.reports.changes.max-schools). Ask for fewer schools.");
        }
        Moment from = moment("from", fromText);
        Moment to = moment("to", toText);
        if (to.at().isBefore(from.at())) {
            throw new InvalidValueException("to", "The second date (" + toText + ") comes before the first ("
                    + fromText + ").");
        }
        List<Report.School> reportSchools = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>();
        for (Uai uai : uais) {
            reportSchools.add(new Report.School(uai.value(), schools.requireSchool(uai).name(), chain.head(uai)));
            codes.add(uai.value());
        }
        FindAccountChanges.Changes changes = queries.query(new FindAccountChanges(codes, from.at(), to.at(), maxLines),
                ResponseTypes.instanceOf(FindAccountChanges.Changes.class)).join();
        if (changes.more()) {
            throw new InvalidValueException("to", "More than " + maxLines + " accounts changed between these dates"
                    + " (intrascol.reports.changes.max-lines): narrow the period or ask for fewer schools.");
        }
        return new ChangesReport(reportSchools, zone, from.at(), to.at(), from.day(), to.day(), clock.instant(),
                SchoolAccess.currentUser().username(), changes.counts(), changes.lines());
    }

    /** The report as {@code json} (default), {@code html} (a page), {@code csv} or {@code pdf} (attachments). */
    public ResponseEntity<?> render(ChangesReport report, String format) {
        String name = "changements-" + (report.schools().size() == 1 ? report.schools().get(0).uai()
                : report.schools().size() + "-ecoles") + "-" + report.from().atZone(zone).toLocalDate() + "-"
                + report.to().atZone(zone).toLocalDate();
        return switch (format == null ? "json" : format.toLowerCase(Locale.ROOT)) {
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
            case "html" -> ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                    .body(ChangesFiles.html(report, words).getBytes(StandardCharsets.UTF_8));
            case "csv" -> HistoryReports.download(ChangesFiles.csv(report, words).getBytes(StandardCharsets.UTF_8),
                    new MediaType("text", "csv", StandardCharsets.UTF_8), name + ".csv");
            case "pdf" -> HistoryReports.download(ChangesFiles.pdf(report, words), MediaType.APPLICATION_PDF,
                    name + ".pdf");
            default -> throw new InvalidValueException("format", "'" + format + "' is not a format: json, html, csv"
                    + " or pdf.");
        };
    }
}
