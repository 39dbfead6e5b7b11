package fr.intrascol.sync.app.audit;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.DateParams;
import fr.intrascol.sync.message.query.ChangePage;
import fr.intrascol.sync.message.query.FindChanges;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.ZoneId;
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
                           ZoneId zone) {
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
                DateParams.instant("from", from, zone, false), DateParams.instant("to", to, zone, true), page, size);
        return queries.query(query, ResponseTypes.instanceOf(ChangePage.class)).join();
    }

    /** Recomputes the school's hash chain: OK with its head hash, or the first event that does not match. */
    @GetMapping("/api/schools/{uai}/audit/verify")
    public EventChain.Verification verify(@PathVariable Uai uai) {
        schools.requireSchool(uai);
        return chain.verify(uai);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
