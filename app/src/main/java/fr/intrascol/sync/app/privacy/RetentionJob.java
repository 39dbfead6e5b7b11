package fr.intrascol.sync.app.privacy;

import org.springframework.beans.factory.annotation.Autowired;
import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.app.audit.SystemActor;
import fr.intrascol.sync.app.imports.ImportService;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.FindExpiredPlans;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.FindAccountsSuspendedBefore;
import fr.intrascol.sync.message.query.ImportView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps nothing longer than the rules allow: accounts suspended for longer than
 * {@code intrascol.privacy.erase-suspended-after} (P90D: three months after a pupil leaves) are erased
 * (crypto-shredding), and plans not applied within {@code intrascol.import.plan-expires-after} (7 days)
 * are discarded, both with origin RETENTION. Runs on its own every {@code intrascol.retention.check-every}
 * (1 hour) as the actor {@code system}, or now, by an administrator, through
 * {@code POST /api/admin/retention/run}.
 */
@Component
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    /** Plans discarded in one run at most; the next run takes the rest. */
    static final int BATCH = 500;
    static final String SYSTEM_ACTOR = "system";
    /** Accounts erased in one run at most; the next run takes the rest. */
    static final int ERASE_BATCH = 20_000;

    private final QueryGateway queries;
    private final ImportService imports;
    private final Duration planExpiresAfter;
    private final Duration eraseSuspendedAfter;
    private final ErasureService erasure;
    private final Clock clock;

    @Autowired
    public RetentionJob(QueryGateway queries, ImportService imports, ErasureService erasure,
                        IntrascolProperties properties, Clock clock) {
        this(queries, imports, erasure, properties.imports().planExpiresAfter(),
                properties.privacy().eraseSuspendedAfter(), clock);
    }

    /** A job with its own periods (tests and the benchmark run it by hand). */
    public RetentionJob(QueryGateway queries, ImportService imports, ErasureService erasure,
                        Duration planExpiresAfter, Duration eraseSuspendedAfter, Clock clock) {
        this.queries = queries;
        this.imports = imports;
        this.erasure = erasure;
        this.planExpiresAfter = planExpiresAfter;
        this.eraseSuspendedAfter = eraseSuspendedAfter;
        this.clock = clock;
    }

    /** What one run did: accounts erased, plans discarded, and the retention periods applied. */
    public record Result(int erased, int discardedPlans, Instant ranAt, Duration eraseSuspendedAfter,
                         Duration planExpiresAfter) {
    }

    /** The period after which a suspended account is erased. */
    public Duration eraseSuspendedAfter() {
        return eraseSuspendedAfter;
    }

    /** Runs now, as whoever is signed in (an administrator through the API). */
    public Result run() {
        Instant now = clock.instant();
        int erased = 0;
        List<AccountView> due = queries.query(new FindAccountsSuspendedBefore(now.minus(eraseSuspendedAfter),
                ERASE_BATCH), ResponseTypes.multipleInstancesOf(AccountView.class)).join();
        for (AccountView account : due) {
            try {
                erasure.erase(account, "Suspended for more than " + describe(eraseSuspendedAfter)
                        + ": erased by the retention rule.", false, Origin.RETENTION);
                erased++;
            } catch (CommandRejectedException e) {
                // reactivated or erased meanwhile: nothing to do
                log.debug("Account {} not erased: {}", account.accountId(), e.getMessage());
            }
        }
        if (erased > 0) {
            log.info("Retention: {} account(s) suspended for more than {} erased", erased, eraseSuspendedAfter);
        }
        Instant before = now.minus(planExpiresAfter);
        List<ImportView> expired = queries.query(new FindExpiredPlans(before, BATCH),
                ResponseTypes.multipleInstancesOf(ImportView.class)).join();
        int discarded = 0;
        for (ImportView plan : expired) {
            try {
                imports.discard(plan.importId(), "Not applied within " + describe(planExpiresAfter)
                        + " of its upload (" + plan.uploadedAt() + "): discarded by the retention rule.", Origin.RETENTION);
                discarded++;
            } catch (CommandRejectedException e) {
                // applied or discarded meanwhile: nothing to do
                log.debug("Plan {} not discarded: {}", plan.importId(), e.getMessage());
            }
        }
        if (discarded > 0) {
            log.info("Retention: {} plan(s) not applied within {} discarded", discarded, planExpiresAfter);
        }
        return new Result(erased, discarded, now, eraseSuspendedAfter, planExpiresAfter);
    }

    /** The timer's run ({@link fr.intrascol.sync.app.ScheduledJobs}): as the system, and a failure only logged. */
    public void scheduled() {
        try {
            SystemActor.as(SYSTEM_ACTOR, this::run);
        } catch (RuntimeException e) {
            log.warn("Retention run failed; the next run tries again", e);
        }
    }

    private static String describe(Duration duration) {
        long days = duration.toDays();
        return days >= 1 && duration.equals(Duration.ofDays(days)) ? days + " day" + (days > 1 ? "s" : "")
                : duration.toString();
    }
}
