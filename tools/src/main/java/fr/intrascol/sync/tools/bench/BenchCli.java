package fr.intrascol.sync.tools.bench;

import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.app.accounts.AccountReadModel;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import fr.intrascol.sync.app.accounts.AccountService;
import fr.intrascol.sync.app.archive.ProjectionReplay;
import fr.intrascol.sync.app.audit.AuditController;
import fr.intrascol.sync.app.audit.AuditedCommands;
import fr.intrascol.sync.app.axon.ProjectionPositions;
import fr.intrascol.sync.app.database.DatabaseConfiguration.DatabaseHandle;
import fr.intrascol.sync.app.imports.ImportService;
import fr.intrascol.sync.app.privacy.ErasureService;
import fr.intrascol.sync.app.privacy.RetentionJob;
import fr.intrascol.sync.app.privacy.sealing.SealingMode;
import fr.intrascol.sync.app.targets.TargetService;
import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.command.EditAccount;
import fr.intrascol.sync.message.command.ImportApplication;
import fr.intrascol.sync.message.command.RegisterSchool;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.ImportView;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.RowProblem;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.intrascol.IntrascolProjector;
import fr.intrascol.sync.query.intrascol.TargetSettings;
import fr.intrascol.sync.query.intrascol.TargetSync;
import fr.intrascol.sync.testsupport.ExtractionGenerator;
import fr.intrascol.sync.testsupport.Slapd;
import fr.intrascol.sync.tools.Tools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static fr.intrascol.sync.tools.bench.BenchReport.f;

/**
 * {@code java -jar intrascol-tools.jar bench [options]}: the performance issue's benchmark, in one process on
 * the embedded PostgreSQL and a private slapd. See {@link BenchOptions#USAGE} and docs/operations.md.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "intrascol.cli", havingValue = "bench")
public class BenchCli implements ApplicationRunner {

    private static final String SUFFIX = "dc=intrascol,dc=test";
    private static final String SCHOOLS_OU = "ou=schools," + SUFFIX;

    private final ImportService imports;
    private final AuditedCommands commands;
    private final AccountReadModel accounts;
    private final AccountService accountService;
    private final AuditController audit;
    private final TargetService targets;
    private final TargetSync sync;
    private final ProjectionPositions positions;
    private final ProjectionReplay replay;
    private final MeterRegistry meters;
    private final JdbcTemplate jdbc;
    private final DatabaseHandle database;
    private final SealingMode sealingMode;
    private final QueryGateway queryGateway;
    private final ErasureService erasure;
    private final RetentionJob retentionJob;
    private final Duration planExpiresAfter;
    private final PrintStream out = System.out;
    private int exitCode;

    public BenchCli(ImportService imports, AuditedCommands commands, AccountReadModel accounts,
                    AccountService accountService, AuditController audit, TargetService targets, TargetSync sync,
                    ProjectionPositions positions, ProjectionReplay replay, MeterRegistry meters, JdbcTemplate jdbc,
                    DatabaseHandle database, SealingMode sealingMode, QueryGateway queryGateway,
                    ErasureService erasure, RetentionJob retentionJob,
                    IntrascolProperties properties) {
        this.imports = imports;
        this.commands = commands;
        this.accounts = accounts;
        this.accountService = accountService;
        this.audit = audit;
        this.targets = targets;
        this.sync = sync;
        this.positions = positions;
        this.replay = replay;
        this.meters = meters;
        this.jdbc = jdbc;
        this.database = database;
        this.sealingMode = sealingMode;
        this.queryGateway = queryGateway;
        this.erasure = erasure;
        this.retentionJob = retentionJob;
        this.planExpiresAfter = properties.imports().planExpiresAfter();
    }

    public int exitCode() {
        return exitCode;
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(arguments.getSourceArgs());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.USAGE);
            exitCode = 2;
            return;
        }
        if (positions.head() >= 0) {
            System.err.println("The event store is not empty: give the benchmark a fresh --intrascol.data-dir.");
            exitCode = 1;
            return;
        }
        SecurityContext context = adminContext();
        SecurityContextHolder.setContext(context);
        try (MemorySampler memory = new MemorySampler()) {
            run(options, context, memory);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static SecurityContext adminContext() {
        AppUser system = new AppUser("bench:" + System.getProperty("user.name", "unknown"), "", Set.of(UserRole.ADMIN),
                Set.of(), true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(system, null,
                system.getAuthorities()));
        return context;
    }

    private void progress(String text) {
        out.println("# " + text);
        out.flush();
    }

    private void run(BenchOptions o, SecurityContext context, MemorySampler memory) throws Exception {
        BenchReport report = new BenchReport();
        Path work = o.work() != null ? o.work() : Path.of("bench-work").toAbsolutePath();
        Files.createDirectories(work);
        int runs = o.runs();
        String many = runs == 1 ? "single run" : "median of " + runs;

        // 1. two school years with the project's generator
        memory.phase("generate");
        Path y1 = generate(o, work, 1);
        Path y2 = generate(o, work, 2);
        int pupils1 = pupils(y1);
        int pupils2 = pupils(y2);
        progress(f("generated %d schools: year 1 %d pupils, year 2 %d pupils", o.schools(), pupils1, pupils2));
        // year 1's clear baseline: the same files under other UAIs (numbers N+1..2N); the warm-up: copies of
        // the first W files under further numbers, W sealed then W in clear
        List<String> uais = uais(y1);
        int warm = Math.max(1, Math.min(50, uais.size() / 10));
        List<String> clearUais = twins(y1, work.resolve("year-1-clear"), uais, o.schools());
        List<String> warmSealedUais = twins(y1, work.resolve("warm-up-sealed"), uais.subList(0, warm),
                2 * o.schools());
        List<String> warmClearUais = twins(y1, work.resolve("warm-up-clear"), uais.subList(0, warm),
                2 * o.schools() + warm);

        ExecutorService pool = Executors.newFixedThreadPool(o.importThreads());
        try (Slapd slapd = Slapd.start(SUFFIX, false, work.resolve("slapd"), 16L << 30)) {
            progress("slapd on " + slapd.url() + ", data in " + slapd.directory());
            // schools are registered before the timed imports (one command each)
            memory.phase("register");
            double register = seconds(() -> register(pool, context, uais));
            progress(f("registered %d schools in %.1f s", uais.size(), register));
            List<String> others = new ArrayList<>(clearUais);
            others.addAll(warmSealedUais);
            others.addAll(warmClearUais);
            double registerOthers = seconds(() -> register(pool, context, others));
            progress(f("registered %d more schools (the clear twins and the warm-up's) in %.1f s", others.size(),
                    registerOthers));

            // 2. year 1 (sealed, and its clear baseline), year 2: plan + apply + projected, on the pool
            // A warm-up first (not timed), then year 1 in slices of at most a tenth of the schools, each slice
            // imported by the département's schools (sealed) and by their clear twins (sealing off), the order
            // alternating (clear first, then sealed first, …): what is left of the JVM's warm-up, the store's
            // growth and any other load on the machine weigh on both modes alike.
            memory.phase("warm-up");
            double warmUp = seconds(() -> {
                importSchools(pool, context, work.resolve("warm-up-sealed"), warmSealedUais);
                return inClear(() -> importSchools(pool, context, work.resolve("warm-up-clear"), warmClearUais));
            });
            progress(f("warm-up: %d schools sealed, %d in clear, in %.1f s (not timed)", warm, warm, warmUp));
            memory.phase("import");
            Timer busy = meters.get("intrascol.events.append.busy").timer();
            Path clearY1 = work.resolve("year-1-clear");
            AppendMeters sealed = new AppendMeters();
            AppendMeters clear = new AppendMeters();
            int slice = (uais.size() + 9) / 10;
            List<Double> sliceRatios = new ArrayList<>();
            for (int from = 0, k = 0; from < uais.size(); from += slice, k++) {
                List<String> sealedSlice = uais.subList(from, Math.min(uais.size(), from + slice));
                List<String> clearSlice = clearUais.subList(from, Math.min(uais.size(), from + slice));
                Callable<Double> timeClear = () -> clear.time(() -> inClear(() -> importSchools(pool, context,
                        clearY1, clearSlice)));
                Callable<Double> timeSealed = () -> sealed.time(() -> importSchools(pool, context, y1, sealedSlice));
                double c;
                double s;
                if (k % 2 == 0) {
                    c = timeClear.call();
                    s = timeSealed.call();
                } else {
                    s = timeSealed.call();
                    c = timeClear.call();
                }
                sliceRatios.add(s / c);
                progress(f("year 1, schools %d-%d: sealed %.1f s, clear %.1f s (%s first), sealed / clear %.2f",
                        from + 1, from + sealedSlice.size(), s, c, k % 2 == 0 ? "clear" : "sealed", s / c));
            }
            double t1 = sealed.seconds;
            double tClear = clear.seconds;
            double appendNanos = sealed.appendNanos;
            double committedNanos = sealed.committedNanos;
            double busyNanos = sealed.busyNanos;
            double appended = sealed.appended;
            progress(f("year 1 imported in %.1f s sealed (%.0f events appended, %d person keys created), %.1f s in"
                    + " clear (%d keys): sealed / clear %.2f", t1, appended, sealed.keys, tClear, clear.keys,
                    t1 / tClear));
            Map<String, long[]> payloads = new HashMap<>();
            jdbc.query("SELECT aggregate_identifier, count(*), sum(octet_length(payload)) FROM domain_event_entry"
                    + " GROUP BY aggregate_identifier", rs -> {
                payloads.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)});
            });
            double payloadSealed = meanPayload(payloads, uais);
            double payloadClear = meanPayload(payloads, clearUais);
            Thread.sleep(50);
            Instant afterYear1 = Instant.now();
            Thread.sleep(50);
            // year 2's appends too: few new passwords to hash, so the store's inserts compete less for the CPU
            double busyBefore2 = busy.totalTime(TimeUnit.NANOSECONDS);
            double appendedBefore2 = meters.get("intrascol.events.appended").counter().count();
            double t2 = seconds(() -> importYear(pool, context, y2));
            double busyNanos2 = busy.totalTime(TimeUnit.NANOSECONDS) - busyBefore2;
            double appended2 = meters.get("intrascol.events.appended").counter().count() - appendedBefore2;
            progress(f("year 2 imported in %.1f s (%.0f events appended)", t2, appended2));
            long eventsAfterY2 = count("SELECT count(*) FROM domain_event_entry");

            // 3. the IntraScol projector to slapd
            memory.phase("ldap-push");
            LdapResult ldap = ldapPush(o, context, slapd, uais, runs);
            // the later phases measure the store and the read models: no live pushes competing with them
            uais.forEach(uai -> targets.remove(new Uai(uai)));

            // 3b. the accounts the retention job will erase (step 7): year 2's departures, and more if needed
            memory.phase("suspend");
            Suspensions suspensions = o.erase() > 0 ? suspend(o, pool, context, uais) : null;

            // 4. grow the store to E events through the same import path
            memory.phase("grow");
            long events = count("SELECT count(*) FROM domain_event_entry");
            int year = 2;
            Path previous = y2;
            long growStart = System.nanoTime();
            while (events < o.events()) {
                year++;
                Path next = generate(o, work, year, previous);
                importYear(pool, context, next);
                deleteRecursively(previous.equals(y2) ? null : previous);
                previous = next;
                events = count("SELECT count(*) FROM domain_event_entry");
                progress(f("grown to %d events with year %d (%.0f s so far)", events, year,
                        (System.nanoTime() - growStart) / 1e9));
            }
            double grow = (System.nanoTime() - growStart) / 1e9;

            // 5. rebuild every read model (the IntraScol projector's own replay is the LDAP push above)
            memory.phase("rebuild");
            long head = positions.head();
            Set<String> readModels = new TreeSet<>(replay.projections().keySet());
            readModels.remove(IntrascolProjector.PROCESSING_GROUP);
            List<Double> rebuilds = new ArrayList<>();
            List<Double> resets = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                replay.reset(readModels);
                double reset = (System.nanoTime() - start) / 1e9;
                long[] nextLine = {System.nanoTime() + 30_000_000_000L};
                replay.awaitCaughtUp(readModels, head, Duration.ofHours(2), line -> {
                    if (System.nanoTime() - nextLine[0] > 0) { // ProjectionReplay reports every 2 s: show every 30 s
                        progress("rebuilding: " + line);
                        nextLine[0] = System.nanoTime() + 30_000_000_000L;
                    }
                });
                double s = (System.nanoTime() - start) / 1e9;
                resets.add(reset);
                rebuilds.add(events / s);
                progress(f("rebuild %d: %.1f s (reset %.1f s of it), %.0f events/s", i + 1, s, reset, events / s));
            }
            double rebuildRate = Stats.median(rebuilds);

            // 6. queries at E events
            memory.phase("queries");
            Queries queries = queries(o, afterYear1, uais);

            // 7. erasure by the retention job of the accounts suspended in step 3b, 90 days later. After the
            // rebuild: a rebuild that meets two erased accounts of one school stops on the accounts read model's
            // unique login ("[effacé]" twice, see docs/performance.md, issue 13)
            memory.phase("retention");
            Retention retention = suspensions == null ? null : eraseByRetention(suspensions);

            // 8. baselines
            memory.phase("baselines");
            RawBaselines raw = new RawBaselines(database.url(), database.username(), database.password());
            raw.createTables();
            List<Double> inserts = new ArrayList<>();
            List<Double> chainedInserts = new ArrayList<>();
            List<Double> scans = new ArrayList<>();
            List<Double> keyInserts = new ArrayList<>();
            List<Double> seals = new ArrayList<>();
            int keyRows = Math.max(1000, Math.min(20_000, pupils1));
            long rawRows = 0;
            for (int i = 0; i < runs; i++) {
                RawBaselines.Rate insert = raw.inserts();
                RawBaselines.Rate chained = raw.chainedInserts();
                RawBaselines.Rate scan = raw.rebuild();
                rawRows = insert.rows();
                inserts.add(insert.perSecond());
                chainedInserts.add(chained.perSecond());
                scans.add(scan.perSecond());
                RawBaselines.Rate keyInsert = raw.keyInserts(keyRows, 120);
                RawBaselines.Rate seal = RawBaselines.aesGcmSeals(200_000);
                keyInserts.add(keyInsert.perSecond());
                seals.add(seal.perSecond());
                progress(f("raw %d: inserts %.0f rows/s (%.0f with the hash-chain trigger),"
                        + " scan+deserialize+upsert %.0f rows/s, key INSERTs %.0f rows/s, AES-GCM seals %.0f/s",
                        i + 1, insert.perSecond(), chained.perSecond(), scan.perSecond(), keyInsert.perSecond(),
                        seal.perSecond()));
            }
            raw.dropTables();
            double rawInsert = Stats.median(inserts);
            double rawChainedInsert = Stats.median(chainedInserts);
            double rawScan = Stats.median(scans);
            double rawKeyInserts = Stats.median(keyInserts);
            double rawSeals = Stats.median(seals);
            memory.phase("end");

            // 9. the report
            // Throughput is events per second of wall-clock time the store spent appending (at least one
            // append in progress): two appends running at once are not counted as two seconds of one.
            double appendRate = appended / (busyNanos / 1e9);
            double appendSummedRate = appended / (appendNanos / 1e9);
            double appendRate2 = appended2 / (busyNanos2 / 1e9);
            double appendCommittedRate = appended / (committedNanos / 1e9);
            Map<String, MemorySampler.Peak> peaks = memory.peaks();
            double heapPeak = peaks.entrySet().stream()
                    .filter(e -> !Set.of("baselines", "end", "generate", "start").contains(e.getKey()))
                    .mapToDouble(e -> e.getValue().heapMb()).max().orElse(0);
            double rss = MemorySampler.rssHighWaterMb();
            Runtime runtime = Runtime.getRuntime();
            out.println();
            report.row("machine", f("%d cores", runtime.availableProcessors()),
                    f("max heap %d MiB, java %s", runtime.maxMemory() >> 20, System.getProperty("java.version")))
                    .row("département", f("%d schools", o.schools()),
                            f("year 1 %d pupils, year 2 %d pupils; import threads %d, push threads %d; and %d"
                                    + " schools with year 1 only: the clear twins and the warm-up's", pupils1,
                                    pupils2, o.importThreads(), o.pushThreads(), others.size()))
                    .row("register schools", f("%.1f s", register), "single run, before year 1, not in its time")
                    .row("warm-up", f("%.1f s", warmUp), f("not timed: %d schools' year 1 (copies, other UAIs) sealed,"
                            + " then %d in clear", warm, warm))
                    .row("import year 1", f("%.1f s", t1), f("sealed (as always), summed over %d slices of %d"
                            + " schools: plan + apply + projected; %.0f pupils/s", sliceRatios.size(), slice,
                            pupils1 / t1))
                    .row("import year 1 in clear", f("%.1f s", tClear), f("baseline: the same files under %d other"
                            + " UAIs, sealing off (bench only), each slice next to its sealed twin, the order"
                            + " alternating; %.0f pupils/s", clearUais.size(), pupils1 / tClear))
                    .row("year 1 sealed / clear", f("%.2f", t1 / tClear), f("median of the slices %.2f (%.2f to %.2f);"
                            + " %+.2f ms per pupil; %d person keys created sealed (%d in clear); event payload %.0f B"
                            + " sealed, %.0f B clear on average", Stats.median(sliceRatios),
                            Stats.percentile(sliceRatios, 0), Stats.percentile(sliceRatios, 100),
                            (t1 - tClear) * 1000 / pupils1, sealed.keys, clear.keys, payloadSealed, payloadClear))
                    .row("import year 2", f("%.1f s", t2), f("single run; %.0f pupils/s; store now %d events", pupils2 / t2,
                            eventsAfterY2))
                    .row("event appends (year 1)", f("%.0f ev/s", appendRate), f("%.0f events / %.2f s with appendEvents"
                                    + " in progress (summing each append's time: %.2f s, %.0f ev/s; until the commit:"
                                    + " %.0f ev/s)", appended, busyNanos / 1e9, appendNanos / 1e9, appendSummedRate,
                            appendCommittedRate))
                    .row("event appends (year 1 in clear)", f("%.0f ev/s", clear.appended / (clear.busyNanos / 1e9)),
                            f("%.0f events / %.2f s with appendEvents in progress", clear.appended,
                                    clear.busyNanos / 1e9))
                    .row("event appends (year 2)", f("%.0f ev/s", appendRate2), f("%.0f events / %.2f s with"
                            + " appendEvents in progress; few new passwords to hash", appended2, busyNanos2 / 1e9))
                    .row("raw batched inserts", f("%.0f rows/s", rawInsert), f("%s, %d rows per run, %d per batch and"
                            + " commit", many, rawRows, RawBaselines.BATCH))
                    .row("append / raw", f("%.2f", appendRate / rawInsert), "")
                    .row("raw inserts, hash-chain trigger", f("%.0f rows/s", rawChainedInsert), "the same rows into a"
                            + " twin with the store's trigger (tamper evidence, decision 80)")
                    .row("append / raw with trigger", f("%.2f", appendRate / rawChainedInsert), "")
                    .row("year 2: append / raw, with trigger", f("%.2f, %.2f", appendRate2 / rawInsert,
                            appendRate2 / rawChainedInsert), "")
                    .row("LDAP targets configured", f("%.1f s", ldap.configure()), "single run, TargetService.configure"
                            + " for every school (creates ou=people, groups, disabled)")
                    .row("LDAP push (projector replay)", f("%.0f entries/s", ldap.pushRate()), f("%s, %d entries each,"
                            + " TargetSync.replay per school until lag 0 and slapd holds them", many, ldap.entries()))
                    .row("raw LDAP adds", f("%.0f entries/s", ldap.rawRate()), many + ", one connection, separate subtree")
                    .row("LDAP push / raw", f("%.2f", ldap.pushRate() / ldap.rawRate()), "")
                    .row("grow the store", f("%.0f s", grow), f("single run: years 3..%d imported the same way, to %d"
                            + " events", year, events))
                    .row("rebuild all projections", f("%.0f ev/s", rebuildRate), f("%s, %d events, reset (median %.1f s) + replay of %s",
                            many, events, Stats.median(resets), String.join(", ", readModels)))
                    .row("raw scan + Jackson + upserts", f("%.0f rows/s", rawScan), many)
                    .row("rebuild / raw", f("%.2f", rebuildRate / rawScan), "")
                    .row("raw key INSERTs", f("%.0f rows/s", rawKeyInserts), f("%s, %d single-row INSERTs into a"
                            + " twin of person_key, a commit every 120", many, keyRows))
                    .row("raw AES-GCM seals", f("%.0f values/s", rawSeals), f("%s, 200000 seals of 110 bytes +"
                            + " Base64, one thread", many))
                    .row("account history", f("p50 %.1f ms", queries.history().p50()),
                            f("p95 %.1f ms, n=%d, AccountService.history (query bus)", queries.history().p95(), o.queries()))
                    .row("accounts asOf (after year 1)", f("p50 %.1f ms", queries.asOf().p50()),
                            f("p95 %.1f ms, n=%d, AccountService.accounts(uai, asOf)", queries.asOf().p95(), o.queries()))
                    .row("audit page of 50 (one school)", f("p50 %.1f ms", queries.audit().p50()),
                            f("p95 %.1f ms, n=%d, AuditController.audit(school) (query bus)", queries.audit().p95(),
                                    o.queries()))
                    .row("audit page of 50 (all schools)", f("p50 %.1f ms", queries.auditAll().p50()),
                            f("p95 %.1f ms, n=%d", queries.auditAll().p95(), o.queries()))
                    .row("suspended after year 2", f("%d accounts", retention == null ? 0
                                    : retention.suspensions().suspendedByYear2()
                                    + retention.suspensions().suspendedByCommand()),
                            retention == null ? "--erase 0: no retention phase" : f("%d by year 2's departures, %d"
                                    + " active pupils (CM2 first) suspended by command in %.1f s (not timed below)",
                                    retention.suspensions().suspendedByYear2(),
                                    retention.suspensions().suspendedByCommand(),
                                    retention.suspensions().seconds()))
                    .row("erasure by retention", retention == null ? "-" : f("%.1f s", retention.seconds()),
                            retention == null ? "" : f("%d accounts erased, %.0f erasures/s; %d RetentionJob runs"
                                    + " (clock: those suspensions + 90 days) %.1f s + read models caught up; %d keys"
                                    + " destroyed, %d still suspended", retention.erased(), retention.erased() / retention.seconds(),
                                    retention.runs(), retention.jobSeconds(), retention.keysDestroyed(),
                                    retention.stillSuspended()));
            peaks.forEach((phase, peak) -> report.row("memory: " + phase, f("%.0f MiB heap", peak.heapMb()),
                    f("RSS %.0f MiB (highest samples)", peak.rssMb())));
            report.row("peak heap (app phases)", f("%.0f MiB", heapPeak), "heap in use, garbage included, sampled"
                            + " every 50 ms; generation and baselines left out")
                    .row("peak RSS (VmHWM)", f("%.0f MiB", rss), "whole JVM, baselines included; PostgreSQL and slapd"
                            + " are other processes");
            // How hard PostgreSQL had to work to keep its pages: checkpoints forced by the WAL's volume, and
            // pages that sessions had to write out themselves to make room (decision 82).
            Map<String, Object> pg = jdbc.queryForMap("SELECT checkpoints_timed, checkpoints_req, buffers_backend,"
                    + " buffers_checkpoint, current_setting('shared_buffers') AS shared_buffers FROM pg_stat_bgwriter");
            report.row("PostgreSQL checkpoints", f("%s forced", pg.get("checkpoints_req")), f("%s timed; %s pages"
                            + " written by sessions, %s by checkpoints; shared_buffers %s", pg.get("checkpoints_timed"),
                    pg.get("buffers_backend"), pg.get("buffers_checkpoint"), pg.get("shared_buffers")));
            report.put("pupils", pupils1).put("pupils_y2", pupils2).put("schools", o.schools()).put("events", events)
                    .put("import_y1_s", t1).put("import_y1_pupils_per_s", pupils1 / t1).put("import_y2_s", t2)
                    .put("year1_sealed_s", t1).put("year1_clear_s", tClear).put("year1_sealed_vs_clear", t1 / tClear)
                    .put("year1_sealed_vs_clear_median_slice", Stats.median(sliceRatios))
                    .put("year1_slices", sliceRatios.size())
                    .put("person_keys_y1", sealed.keys).put("person_keys_y1_clear", clear.keys)
                    .put("warmup_s", warmUp).put("payload_bytes_sealed", payloadSealed)
                    .put("payload_bytes_clear", payloadClear)
                    .put("append_clear_events_per_s", clear.appended / (clear.busyNanos / 1e9))
                    .put("append_events_per_s", appendRate).put("append_summed_events_per_s", appendSummedRate)
                    .put("raw_insert_rows_per_s", rawInsert)
                    .put("append_ratio_vs_raw", appendRate / rawInsert)
                    .put("raw_chained_insert_rows_per_s", rawChainedInsert)
                    .put("append_ratio_vs_raw_with_trigger", appendRate / rawChainedInsert)
                    .put("append_committed_ratio_vs_raw", appendCommittedRate / rawInsert)
                    .put("append_y2_events_per_s", appendRate2).put("append_y2_ratio_vs_raw", appendRate2 / rawInsert)
                    .put("append_y2_ratio_vs_raw_with_trigger", appendRate2 / rawChainedInsert)
                    .put("rebuild_events_per_s", rebuildRate).put("raw_rebuild_rows_per_s", rawScan)
                    .put("rebuild_ratio_vs_raw", rebuildRate / rawScan)
                    .put("ldap_push_per_s", ldap.pushRate()).put("raw_ldap_adds_per_s", ldap.rawRate())
                    .put("ldap_ratio_vs_raw", ldap.pushRate() / ldap.rawRate())
                    .put("history_p50_ms", queries.history().p50()).put("history_p95_ms", queries.history().p95())
                    .put("asof_p50_ms", queries.asOf().p50()).put("asof_p95_ms", queries.asOf().p95())
                    .put("audit_p50_ms", queries.audit().p50()).put("audit_p95_ms", queries.audit().p95())
                    .put("audit_all_p95_ms", queries.auditAll().p95())
                    .put("heap_peak_mb", heapPeak).put("rss_peak_mb", rss).put("runs", runs)
                    .put("import_threads", o.importThreads()).put("push_threads", o.pushThreads())
                    .put("pg_checkpoints_req", pg.get("checkpoints_req")).put("pg_buffers_backend", pg.get("buffers_backend"))
                    .put("raw_key_inserts_per_s", rawKeyInserts).put("raw_aes_gcm_seals_per_s", rawSeals);
            if (retention != null) {
                report.put("retention_suspended_y2", retention.suspensions().suspendedByYear2())
                        .put("retention_suspended_by_command", retention.suspensions().suspendedByCommand())
                        .put("retention_suspend_s", retention.suspensions().seconds())
                        .put("retention_erased", retention.erased()).put("retention_s", retention.seconds())
                        .put("retention_erasures_per_s", retention.erased() / retention.seconds())
                        .put("retention_job_s", retention.jobSeconds()).put("retention_runs", retention.runs())
                        .put("retention_keys_destroyed", retention.keysDestroyed());
            }
            report.print(out);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------ imports

    private static Path generate(BenchOptions o, Path work, int year) throws Exception {
        return generate(o, work, year, year == 1 ? null : work.resolve("year-1"));
    }

    /** The generator's own command line ({@code generate}), year 1 fresh, later years from the year before. */
    private static Path generate(BenchOptions o, Path work, int year, Path previous) throws Exception {
        Path dir = work.resolve("year-" + year);
        List<String> args = new ArrayList<>(List.of("--schools", "" + o.schools(), "--pupils", "" + o.pupils(),
                "--year", "" + (2025 + year), "--out", dir.toString()));
        if (previous != null) {
            args.addAll(List.of("--next-year-of", previous.toString()));
        }
        PrintStream err = System.err;
        System.setErr(new PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            ExtractionGenerator.main(args.toArray(String[]::new), Tools.LAST_YEAR);
        } finally {
            System.setErr(err);
        }
        return dir;
    }

    private static List<String> uais(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }

    /** Data lines of every file (the header excluded). */
    private static int pupils(Path folder) throws Exception {
        int total = 0;
        for (String uai : uais(folder)) {
            total += (int) new String(Files.readAllBytes(folder.resolve(uai + ".csv")),
                    java.nio.charset.StandardCharsets.ISO_8859_1).lines().filter(l -> !l.isBlank()).count() - 1;
        }
        return total;
    }

    /** Copies of {@code from}'s files of {@code schools} under the UAIs of school numbers first + 1, first + 2, … */
    private static List<String> twins(Path from, Path to, List<String> schools, int first) throws Exception {
        Files.createDirectories(to);
        List<String> twins = new ArrayList<>();
        for (int i = 0; i < schools.size(); i++) {
            String twin = ExtractionGenerator.uai(first + 1 + i).value();
            Files.copy(from.resolve(schools.get(i) + ".csv"), to.resolve(twin + ".csv"),
                    StandardCopyOption.REPLACE_EXISTING);
            twins.add(twin);
        }
        return twins;
    }

    /** One RegisterSchool command per school, on the pool, each until the read model shows it. */
    private Void register(ExecutorService pool, SecurityContext context, List<String> schools) throws Exception {
        return inPool(pool, context, schools, uai -> {
            Uai u = new Uai(uai);
            commands.send(new RegisterSchool(u, u.value(), null), Origin.IMPORT, "registered by the benchmark");
            accounts.awaitSchool(u);
            return null;
        });
    }

    /** Every school's file planned and applied on the pool, then every read model caught up. */
    private Void importYear(ExecutorService pool, SecurityContext context, Path folder) throws Exception {
        return importSchools(pool, context, folder, uais(folder));
    }

    /** The files of {@code schools} in {@code folder} planned and applied on the pool, then every read model caught up. */
    private Void importSchools(ExecutorService pool, SecurityContext context, Path folder, List<String> schools)
            throws Exception {
        inPool(pool, context, schools, uai -> {
            importOne(new Uai(uai), folder.resolve(uai + ".csv"));
            return null;
        });
        if (!positions.awaitReadModels(Duration.ofMinutes(10))) {
            throw new IllegalStateException("the read models did not catch up");
        }
        return null;
    }

    /** As {@code import --apply --confirm-renames --confirm-mass-departure --exclude-bad-lines}, without the PDF. */
    private void importOne(Uai uai, Path file) throws Exception {
        ImportService.Planned planned = imports.plan(uai, file.getFileName().toString(), Files.readAllBytes(file));
        ImportView view = planned.view().orElseThrow(() -> new IllegalStateException(
                "the imports read model did not show import " + planned.importId() + " in time"));
        Set<Integer> problems = view.problems().stream().map(RowProblem::line)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> renames = view.plan().probableRenames().stream().map(r -> r.line()).collect(Collectors.toSet());
        ImportApplication applied = imports.apply(view.importId(), new ImportService.ApplyOptions(true, problems,
                renames, Set.of()));
        if (!applied.credentials().isEmpty()) {
            imports.takeCredentials(view.importId()); // the clear passwords are not kept in memory
        }
    }

    interface Task {
        Object run(String uai) throws Exception;
    }

    /** Runs {@code task} for each UAI on the pool, as the administrator; rethrows the first failure. */
    private static Void inPool(ExecutorService pool, SecurityContext context, List<String> uais, Task task)
            throws Exception {
        List<Future<Object>> futures = new ArrayList<>();
        for (String uai : uais) {
            Callable<Object> call = () -> {
                SecurityContextHolder.setContext(context);
                try {
                    return task.run(uai);
                } finally {
                    SecurityContextHolder.clearContext();
                }
            };
            futures.add(pool.submit(call));
        }
        for (Future<Object> future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a school failed: " + e.getCause(), e.getCause());
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ sealing

    /**
     * Runs {@code work} with personal data sealing off (SealingMode: the benchmark only), then on again. The
     * caller runs nothing else meanwhile: every import of the pool and every read model has finished before
     * and after, so only {@code work}'s events (and the snapshots its commands take) are written in clear.
     */
    private <T> T inClear(Callable<T> work) throws Exception {
        sealingMode.turnOffForBenchmark();
        try {
            return work.call();
        } finally {
            sealingMode.turnOn();
        }
    }

    private long personKeys() {
        return count("SELECT count(*) FROM person_key");
    }

    /** The mean payload size of the events of {@code schools} (by aggregate: a school's UAI). */
    private static double meanPayload(Map<String, long[]> payloads, List<String> schools) {
        long events = 0;
        long bytes = 0;
        for (String uai : schools) {
            long[] p = payloads.get(uai);
            if (p != null) {
                events += p[0];
                bytes += p[1];
            }
        }
        return events == 0 ? Double.NaN : (double) bytes / events;
    }

    /** The wall-clock time, the append meters' increments and the person keys created over timed imports. */
    private final class AppendMeters {
        double seconds;
        double appendNanos;
        double committedNanos;
        double busyNanos;
        double appended;
        long keys;

        double time(Callable<?> work) throws Exception {
            Timer append = meters.get("intrascol.events.append").timer();
            Timer committed = meters.get("intrascol.events.append.committed").timer();
            Timer busy = meters.get("intrascol.events.append.busy").timer();
            double appendBefore = append.totalTime(TimeUnit.NANOSECONDS);
            double committedBefore = committed.totalTime(TimeUnit.NANOSECONDS);
            double busyBefore = busy.totalTime(TimeUnit.NANOSECONDS);
            double appendedBefore = meters.get("intrascol.events.appended").counter().count();
            long keysBefore = personKeys();
            double s = seconds(work);
            appendNanos += append.totalTime(TimeUnit.NANOSECONDS) - appendBefore;
            committedNanos += committed.totalTime(TimeUnit.NANOSECONDS) - committedBefore;
            busyNanos += busy.totalTime(TimeUnit.NANOSECONDS) - busyBefore;
            appended += meters.get("intrascol.events.appended").counter().count() - appendedBefore;
            keys += personKeys() - keysBefore;
            seconds += s;
            return s;
        }
    }

    // ------------------------------------------------------------------------------------------ retention

    /** The accounts suspended after year 2, and the instant after the last of those suspensions. */
    record Suspensions(long suspendedByYear2, long suspendedByCommand, double seconds, Instant until) {
    }

    record Retention(Suspensions suspensions, long erased, double seconds, double jobSeconds, int runs,
                     long keysDestroyed, long stillSuspended) {
    }

    /**
     * After year 2 (and the LDAP push): the accounts its departures suspended, plus, when they are fewer than
     * {@code --erase}, active pupils of the département suspended by the command an administrator's PATCH
     * sends (EditAccount, status SUSPENDED), CM2 pupils first (they leave at the next year anyway, so the
     * grown years do not bring them back), spread over the schools, each school's on one thread of the pool.
     */
    private Suspensions suspend(BenchOptions o, ExecutorService pool, SecurityContext context, List<String> schools)
            throws Exception {
        long suspendedByYear2 = count("SELECT count(*) FROM account WHERE status = 'SUSPENDED'");
        long missing = o.erase() - suspendedByYear2;
        long suspendedByCommand = 0;
        double seconds = 0;
        if (missing > 0) {
            Set<String> own = new HashSet<>(schools);
            Map<String, List<String>> bySchool = new LinkedHashMap<>();
            jdbc.query("SELECT account_id::text, uai, level = 'CM2' FROM account WHERE status = 'ACTIVE'"
                    + " AND role = 'PUPIL' ORDER BY uai, account_id", rs -> {
                if (own.contains(rs.getString(2))) {
                    bySchool.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add((rs.getBoolean(3) ? "0" : "1") + rs.getString(1));
                }
            });
            bySchool.values().forEach(Collections::sort); // each school's CM2 pupils first
            Map<String, List<String>> chosen = new LinkedHashMap<>();
            // CM2 pupils of every school first, then the others, one of each school at a time: spread out
            for (char pass : new char[]{'0', '1'}) {
                boolean more = true;
                for (int round = 0; more && suspendedByCommand < missing; round++) {
                    more = false;
                    for (Map.Entry<String, List<String>> school : bySchool.entrySet()) {
                        List<String> pupils = school.getValue();
                        if (round < pupils.size() && suspendedByCommand < missing) {
                            more = true;
                            if (pupils.get(round).charAt(0) == pass) {
                                chosen.computeIfAbsent(school.getKey(), k -> new ArrayList<>())
                                        .add(pupils.get(round).substring(1));
                                suspendedByCommand++;
                            }
                        }
                    }
                }
            }
            progress(f("year 2 suspended %d accounts; suspending %d more active pupils by command", suspendedByYear2,
                    suspendedByCommand));
            seconds = seconds(() -> {
                inPool(pool, context, new ArrayList<>(chosen.keySet()), uai -> {
                    for (String id : chosen.get(uai)) {
                        commands.send(new EditAccount(new Uai(uai), new AccountId(id), null, null, null, null, null,
                                null, AccountStatus.SUSPENDED), Origin.MANUAL, "Suspended by the benchmark before"
                                + " its retention run.");
                    }
                    return null;
                });
                return awaitReadModels();
            });
        }
        Thread.sleep(50);
        Instant until = Instant.now();
        Thread.sleep(50);
        return new Suspensions(suspendedByYear2, suspendedByCommand, seconds, until);
    }

    /**
     * Erasure by the retention rule of the accounts {@link #suspend} left suspended: the RetentionJob, built as
     * the application's but with a clock fixed 90 days (the retention period) and 1 second after the last of
     * those suspensions, so that every one of them is due and none suspended later (by the grown years) is,
     * runs as {@code system} until a run erases nothing (a run takes at most 20,000 accounts), each run followed
     * by the wait until every read model has caught up: timed as a whole.
     */
    private Retention eraseByRetention(Suspensions suspensions) throws Exception {
        Instant now = suspensions.until().plus(retentionJob.eraseSuspendedAfter()).plusSeconds(1);
        RetentionJob job = new RetentionJob(queryGateway, imports, erasure, planExpiresAfter,
                retentionJob.eraseSuspendedAfter(), Clock.fixed(now, java.time.ZoneOffset.UTC));
        long suspended = count("SELECT count(*) FROM account WHERE status = 'SUSPENDED'");
        progress(f("%d accounts suspended: the retention job runs with its clock at %s", suspended, now));
        long destroyedBefore = count("SELECT count(*) FROM person_key WHERE destroyed_at IS NOT NULL");
        long erased = 0;
        int runs = 0;
        double jobSeconds = 0;
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(systemContext());
        long start = System.nanoTime();
        try {
            while (true) {
                long runStart = System.nanoTime();
                RetentionJob.Result result = job.run();
                jobSeconds += (System.nanoTime() - runStart) / 1e9;
                runs++;
                erased += result.erased();
                awaitReadModels();
                progress(f("retention run %d: %d erased (%.1f s so far)", runs, result.erased(),
                        (System.nanoTime() - start) / 1e9));
                if (result.erased() == 0) {
                    break;
                }
            }
        } finally {
            SecurityContextHolder.setContext(previous);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long destroyed = count("SELECT count(*) FROM person_key WHERE destroyed_at IS NOT NULL") - destroyedBefore;
        long still = count("SELECT count(*) FROM account WHERE status = 'SUSPENDED'");
        progress(f("erased %d accounts by retention in %.1f s (%.0f/s), %d keys destroyed", erased, seconds,
                erased / seconds, destroyed));
        return new Retention(suspensions, erased, seconds, jobSeconds, runs, destroyed, still);
    }

    /** As the scheduled retention job runs: the actor {@code system}, an administrator. */
    private static SecurityContext systemContext() {
        AppUser system = new AppUser("system", "", Set.of(UserRole.ADMIN), Set.of(), true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(system, null,
                system.getAuthorities()));
        return context;
    }

    private Void awaitReadModels() {
        if (!positions.awaitReadModels(Duration.ofMinutes(10))) {
            throw new IllegalStateException("the read models did not catch up");
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ LDAP

    record LdapResult(double configure, double pushRate, double rawRate, long entries) {
    }

    /**
     * Each run pushes every school into its own subtree ({@code ou=<uai>,ou=run-k,…}): the targets are
     * (re)configured to it through TargetService (not timed), then each school is replayed (TargetSync.replay,
     * what POST …/target/replay does) until every school's status shows lag 0 and slapd holds every entry
     * (timed). The raw baseline copies the entries of the first run into another subtree with plain adds.
     */
    private LdapResult ldapPush(BenchOptions o, SecurityContext context, Slapd slapd, List<String> uais, int runs)
            throws Exception {
        ExecutorService pushers = Executors.newFixedThreadPool(o.pushThreads());
        List<Double> rates = new ArrayList<>();
        List<Double> raws = new ArrayList<>();
        double configure = 0;
        long entries = 0;
        try (LDAPConnection connection = slapd.connect()) {
            for (int run = 1; run <= runs; run++) {
                String runOu = "ou=run-" + run + "," + SUFFIX;
                connection.add(new Entry(runOu, new Attribute("objectClass", "top", "organizationalUnit"),
                        new Attribute("ou", "run-" + run)));
                for (String uai : uais) {
                    connection.add(new Entry("ou=" + uai + "," + runOu, new Attribute("objectClass", "top",
                            "organizationalUnit"), new Attribute("ou", uai)));
                }
                double c = seconds(() -> inPool(pushers, context, uais, uai -> {
                    TargetService.Configured configured = targets.configure(new Uai(uai), new TargetService.TargetRequest(
                            TargetSettings.Type.LDAP, slapd.url(), slapd.bindDn(), slapd.bindPassword(),
                            "ou=" + uai + "," + runOu, false, null, null, null));
                    if (!configured.reachable()) {
                        throw configured.checkFailure();
                    }
                    return null;
                }));
                if (run == 1) {
                    configure = c;
                }
                long[] added = new long[1];
                double s = seconds(() -> {
                    inPool(pushers, context, uais, uai -> {
                        TargetSync.SyncResult result = sync.replay(uai, "bench");
                        synchronized (added) {
                            added[0] += result.changes().added();
                        }
                        return null;
                    });
                    awaitPushed(connection, runOu, uais.size(), added[0]);
                    return null;
                });
                entries = added[0];
                rates.add(added[0] / s);
                progress(f("LDAP push %d: %d entries in %.1f s (%.0f entries/s)", run, added[0], s, added[0] / s));
                RawBaselines.Rate raw = RawBaselines.ldapAdds(connection, new DN(runOu), new DN("ou=raw-" + run + ","
                        + SUFFIX), 3);
                raws.add(raw.perSecond());
                progress(f("raw LDAP adds %d: %d entries in %.1f s (%.0f entries/s)", run, raw.rows(), raw.seconds(),
                        raw.perSecond()));
            }
        } finally {
            pushers.shutdownNow();
        }
        return new LdapResult(configure, Stats.median(rates), Stats.median(raws), entries);
    }

    /** Until every school's status shows lag 0 (and no dead letter) and slapd holds the added entries. */
    private void awaitPushed(LDAPConnection connection, String runOu, int schools, long added) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            Map<String, TargetSync.TargetStatus> statuses = sync.statuses();
            boolean lagZero = statuses.size() >= schools
                    && statuses.values().stream().allMatch(s -> s.lag() == 0 && s.deadLetters() == 0);
            // the school bases, their three organizational units, and what the replays added
            long held = connection.search(runOu, SearchScope.SUB, "(objectClass=*)", "1.1").getEntryCount();
            if (lagZero && held >= 1 + 4L * schools + added) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("LDAP push not complete: lag zero " + lagZero + ", " + held
                        + " entries held");
            }
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------------------------------ queries

    record Latency(double p50, double p95) {
    }

    record Queries(Latency history, Latency asOf, Latency audit, Latency auditAll) {
    }

    /** On the département's schools and accounts (not the clear twins nor the warm-up's). */
    private Queries queries(BenchOptions o, Instant asOf, List<String> schools) throws Exception {
        Random random = new Random(42);
        Set<String> own = new HashSet<>(schools);
        List<String> ids = jdbc.query("SELECT account_id::text, uai FROM account ORDER BY random() LIMIT 3000",
                        (rs, n) -> own.contains(rs.getString(2)) ? rs.getString(1) : null).stream()
                .filter(java.util.Objects::nonNull).limit(1000).toList();
        String at = asOf.toString();
        Latency history = latency(o.queries(), () -> accountService.history(
                new AccountId(ids.get(random.nextInt(ids.size())))).size());
        Latency asOfLatency = latency(o.queries(), () -> accountService.accounts(
                new Uai(schools.get(random.nextInt(schools.size()))), at, false).size());
        Latency auditLatency = latency(o.queries(), () -> audit.audit(new Uai(schools.get(random.nextInt(
                schools.size()))), null, null, null, null, 0, 50).items().size());
        Latency auditAll = latency(o.queries(), () -> audit.audit(null, null, null, null, null, 0, 50).items().size());
        progress(f("queries: history p95 %.1f ms, asOf p95 %.1f ms, audit p95 %.1f ms, audit all p95 %.1f ms",
                history.p95(), asOfLatency.p95(), auditLatency.p95(), auditAll.p95()));
        return new Queries(history, asOfLatency, auditLatency, auditAll);
    }

    /** {@code n} timed calls after {@code n / 10} (at least 10) untimed ones. */
    private static Latency latency(int n, Supplier<Integer> query) {
        for (int i = 0; i < Math.max(10, n / 10); i++) {
            query.get();
        }
        List<Double> millis = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            query.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return new Latency(Stats.percentile(millis, 50), Stats.percentile(millis, 95));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private static double seconds(Callable<?> work) throws Exception {
        long start = System.nanoTime();
        work.call();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteRecursively(Path root) throws Exception {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.toList());
            Collections.reverse(all);
            for (Path p : all) {
                Files.delete(p);
            }
        }
    }
}
