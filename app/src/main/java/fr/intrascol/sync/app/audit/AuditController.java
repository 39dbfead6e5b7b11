package fr.intrascol.sync.app.audit;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.message.query.ChangePage;
import fr.intrascol.sync.message.query.FindChanges;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The change log across accounts, newest first, paginated. A director or inspector sees only their
 * schools; asking for another school is refused.
 */
@RestController
public class AuditController {

    private final QueryGateway queries;
    private final SchoolAccess access;

    private final ZoneId zone;
    private final EventChain chain;

    private final AccountReadModel schools;

    public AuditController(QueryGateway queries, SchoolAccess access, EventChain chain, AccountReadModel schools,
                           @Value("${intrascol.time-zone:Europe/Paris}") ZoneId zone) {
        this.schools = schools;
        this.chain = chain;
        this.queries = queries;
        this.access = access;
        this.zone = zone;
    }

    @GetMapping("/api/audit")
    public ChangePage audit(@RequestParam(required = false) Uai school,
                            @RequestParam(required = false) String actor,
                            @RequestParam(required = false) String importId,
                            @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to,
                            @RequestParam(defaultValue = "0") int page,
                            @RequestParam(defaultValue = "50") int size) {
        Set<String> schools;
        if (school != null) {
            access.requireRead(school);
            schools = Set.of(school.value());
        } else {
            schools = access.readableSchools();
        }
        if (page < 0) {
            throw new InvalidValueException("page", "page must be 0 or more.");
        }
        if (size < 1 || size > FindChanges.MAX_PAGE_SIZE) {
            throw new InvalidValueException("size", "size must be between 1 and " + FindChanges.MAX_PAGE_SIZE + ".");
        }
        FindChanges query = new FindChanges(schools, blankToNull(actor), blankToNull(importId),
                instant("from", from, zone, false), instant("to", to, zone, true), page, size);
        return queries.query(query, ResponseTypes.instanceOf(ChangePage.class)).join();
    }

    /** Recomputes the school's hash chain: OK with its head hash, or the first event that does not match. */
    @GetMapping("/api/schools/{uai}/audit/verify")
    public EventChain.Verification verify(@PathVariable Uai uai) {
        access.requireRead(uai);
        schools.requireSchool(uai);
        return chain.verify(uai);
    }

    /**
     * An ISO instant (2026-09-01T08:00:00Z) or a date in the school's time zone: {@code from} a date
     * starts at its first moment, {@code to} a date includes the whole day.
     */
    static Instant instant(String field, String text, ZoneId zone, boolean endOfDay) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            if (text.length() == 10) {
                LocalDate date = LocalDate.parse(text);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "'" + text + "' is not a date or instant: write 2026-09-01"
                    + " or 2026-09-01T08:00:00Z.");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
