package fr.intrascol.sync.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import fr.intrascol.sync.testsupport.ExtractionGenerator;
import fr.intrascol.sync.testsupport.Slapd;
import fr.intrascol.sync.tools.Tools;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark (issue 17): what an ICT team waits for in September, from the first uploaded
 * file until every school's directory holds its accounts. A generated département (untimed), a fresh durable
 * slapd on loopback (one suffix, an OU per school, back-monitor's counters on), the application run as a
 * server ({@code java -Xmx1g -jar intrascol-sync.jar}) on a fresh data folder, the schools registered and
 * their LDAP targets configured over the HTTP API (untimed); then three timed steps, each from the first
 * upload until every target's lag is 0 and slapd holds every expected entry: year 1 into empty directories,
 * the same files again, year 2. Uploads and applies go through the public API, {@code --parallel} files at a
 * time. Then this machine's floors (raw UnboundID adds of the year-1 entries into a second slapd; hashing
 * that many new passwords on every core), and a comparison of the directories with the accounts the API
 * lists after each step. Prints one block per step and, last, one JSON line. See docs/operations.md.
 */
public final class EndToEndBench {

    static final String SUFFIX = "dc=intrascol,dc=test";
    private static final String ADMIN = "admin";
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(60);

    private final EndToEndOptions options;
    private final PrintStream out;
    private final SlapdMonitor monitor = new SlapdMonitor();
    private final java.time.Clock clock = java.time.Clock.systemUTC();
    private final ObjectNode json = ApiClient.JSON.createObjectNode();
    private Path work;
    private Slapd slapd;
    private LDAPConnection ldap;
    private Process app;
    private Path appLog;
    /** The API with an API token (every /api call); {@link #admin} with HTTP Basic for the actuator. */
    private ApiClient api;
    private ApiClient admin;
    private Path pgData;
    private List<String> uais;
    private volatile double stepPeakRss;
    private boolean failed;

    private EndToEndBench(EndToEndOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the benchmark; answers the exit code (1 when a step failed or a directory differs). */
    public static int run(String... args) {
        EndToEndOptions options;
        try {
            options = EndToEndOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(EndToEndOptions.USAGE);
            return 2;
        }
        EndToEndBench bench = new EndToEndBench(options, System.out);
        try {
            return bench.runAll();
        } catch (Exception e) {
            System.err.println("the end-to-end benchmark failed: " + e);
            e.printStackTrace();
            bench.tailAppLog();
            return 1;
        } finally {
            bench.cleanUp();
        }
    }

    /** One timed step's figures. */
    record Step(String name, int files, double seconds, double lastApplySeconds, Map<String, Long> summary,
                long changedAccounts, SlapdMonitor.Counts ldap, double jvmCpu, double pgCpu, double slapdCpu,
                double peakRssMib,
                double hwmMib, long peopleEntries, long disabledEntries, long members, int mismatches) {

        double writesPerChangedAccount() {
            return changedAccounts == 0 ? Double.NaN : (double) ldap.writes() / changedAccounts;
        }
    }

    private int runAll() throws Exception {
        work = options.work() != null ? Files.createDirectories(options.work().toAbsolutePath())
                : Files.createTempDirectory("intrascol-bench-e2e");
        Path appJar = options.appJar().toAbsolutePath();
        if (!Files.isRegularFile(appJar)) {
            throw new IllegalStateException("no application jar at " + appJar + ": build first");
        }
        progress("work folder " + work);
        // 1. the département, untimed
        Path y1 = work.resolve("y1");
        Path y2 = work.resolve("y2");
        generate("--year", "2026", "--out", y1.toString());
        generate("--year", "2027", "--out", y2.toString(), "--next-year-of", y1.toString());
        List<Path> year1 = csvFiles(y1);
        List<Path> year2 = csvFiles(y2);
        uais = year1.stream().map(EndToEndBench::uaiOf).toList();
        long rows1 = rows(year1);
        long rows2 = rows(year2);
        progress(f("generated %d schools: year 1 %d pupils, year 2 %d pupils", uais.size(), rows1, rows2));
        json.put("schools", uais.size()).put("pupils_y1", rows1).put("pupils_y2", rows2)
                .put("parallel", options.parallel());

        // 2. slapd, durable, with its counters
        slapd = Slapd.start(SUFFIX, false, work.resolve("slapd"), 16L << 30);
        SlapdMonitor.enable(slapd);
        ldap = slapd.connect();
        for (String uai : uais) {
            ldap.add(new Entry(baseDn(uai), new Attribute("objectClass", "top", "organizationalUnit"),
                    new Attribute("ou", uai)));
        }
        progress("slapd on " + slapd.url() + " (mdb, durable, cn=Monitor on), one OU per school under " + SUFFIX);

        // 3. the application as a server; schools and targets through the API, untimed
        startApp(appJar);
        double setup = seconds(this::registerSchoolsAndTargets);
        progress(f("%d schools registered and their LDAP targets configured in %.1f s (untimed)", uais.size(), setup));

        // 4. the three timed steps
        Thread sampler = startRssSampler();
        List<Step> steps = new ArrayList<>();
        try {
            steps.add(step("year 1", year1));
            Floors floors = options.floors() ? floors(steps.get(0)) : null;
            steps.add(step("re-run", year1));
            steps.add(step("year 2", year2));
            report(steps, floors);
        } finally {
            sampler.interrupt();
        }
        return failed ? 1 : 0;
    }

    // ------------------------------------------------------------------------------------------ set-up

    private void generate(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--schools", Integer.toString(options.schools()), "--pupils",
                Integer.toString(options.pupils()), "--seed", Long.toString(options.seed())));
        all.addAll(List.of(args));
        int status = ExtractionGenerator.run(all.toArray(String[]::new), System.err, Tools.LAST_YEAR);
        if (status != 0) {
            throw new IllegalStateException("the generator failed (exit " + status + ")");
        }
    }

    private static List<Path> csvFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
    }

    private static long rows(List<Path> files) throws IOException {
        long n = 0;
        for (Path file : files) {
            n += Math.max(0, Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> !l.isBlank()).count() - 1);
        }
        return n;
    }

    private static String uaiOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".csv".length());
    }

    static String baseDn(String uai) {
        return "ou=" + uai + "," + SUFFIX;
    }

    private void startApp(Path jar) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path data = work.resolve("data");
        pgData = data.resolve("postgres");
        String password = "bench-e2e-" + java.util.UUID.randomUUID();
        appLog = work.resolve("app.log");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + options.heap()));
        String extra = System.getenv().getOrDefault("BENCH_APP_OPTS", "").trim(); // e.g. a JFR recording
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--intrascol.data-dir=" + data, "--intrascol.bootstrap.admin-password=" + password));
        app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(appLog.toFile()).start();
        admin = new ApiClient("http://127.0.0.1:" + port, ADMIN, password);
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the application exited with status " + app.exitValue());
            }
            try {
                if (admin.get("/actuator/health").ok()) {
                    break;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the application did not answer within 4 minutes");
            }
            Thread.sleep(250);
        }
        String token = admin.post("/api/users/" + ADMIN + "/tokens",
                ApiClient.JSON.createObjectNode().put("label", "bench-e2e")).require("API token").body()
                .path("token").asText();
        api = admin.withToken(token);
        progress(f("application pid %d on port %d (-Xmx%s), data in %s", app.pid(), port, options.heap(), data));
    }

    private Void registerSchoolsAndTargets() throws Exception {
        inPool(4, uais, uai -> {
            ObjectNode school = ApiClient.JSON.createObjectNode().put("uai", uai).put("name", "École " + uai);
            ApiClient.Answer registered = api.post("/api/schools", school);
            if (registered.status() != 201 && registered.status() != 202) {
                registered.require("POST /api/schools " + uai);
            }
            ObjectNode target = ApiClient.JSON.createObjectNode().put("type", "LDAP").put("url", slapd.url())
                    .put("bindDn", slapd.bindDn()).put("password", slapd.bindPassword()).put("baseDn", baseDn(uai));
            ApiClient.Answer configured = api.put("/api/schools/" + uai + "/target", target)
                    .require("PUT /api/schools/" + uai + "/target");
            if (!configured.body().path("reachable").asBoolean()) {
                throw new IllegalStateException("target of " + uai + " not reachable: " + configured.text());
            }
            return null;
        });
        return null;
    }

    // ------------------------------------------------------------------------------------------ steps

    /** What one upload and apply did. */
    record Applied(String uai, Map<String, Long> summary, long changedAccounts) {
    }

    private Step step(String name, List<Path> files) throws Exception {
        progress("step " + name + ": " + files.size() + " files, " + options.parallel() + " at a time");
        SlapdMonitor.Counts before = monitor.read(ldap);
        double jvmBefore = ProcStats.ownSeconds(app.pid());
        double pgBefore = pgSeconds();
        double slapdBefore = ProcStats.ownSeconds(slapd.pid());
        stepPeakRss = 0;
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        List<Applied> applied = inPool(options.parallel(), files, file -> {
            Applied a = uploadAndApply(file);
            int n = done.incrementAndGet();
            if (n % 100 == 0 && n < files.size()) {
                progress(f("  %d files applied at %.1f s", n, (System.nanoTime() - start) / 1e9));
            }
            return a;
        });
        double lastApply = (System.nanoTime() - start) / 1e9;
        progress(f("  last apply answered at %.1f s", lastApply));
        long[] held = awaitDirectories(start);
        double seconds = (System.nanoTime() - start) / 1e9;
        double jvm = ProcStats.ownSeconds(app.pid()) - jvmBefore;
        double pg = pgSeconds() - pgBefore;
        double slapdCpu = ProcStats.ownSeconds(slapd.pid()) - slapdBefore;
        SlapdMonitor.Counts ops = monitor.read(ldap).minus(before);
        double peak = stepPeakRss;
        double hwm = ProcStats.statusMib(app.pid(), "VmHWM:");
        Map<String, Long> summary = new LinkedHashMap<>();
        long changed = 0;
        for (Applied a : applied) {
            a.summary().forEach((k, v) -> summary.merge(k, v, Long::sum));
            changed += a.changedAccounts();
        }
        progress(f("  every target at lag 0 and slapd complete at %.1f s; checking the directories (untimed)",
                seconds));
        int mismatches = checkDirectories(name);
        Step step = new Step(name, files.size(), seconds, lastApply, summary, changed, ops, jvm, pg, slapdCpu, peak,
                hwm, held[0], held[1], held[2], mismatches);
        print(step);
        return step;
    }

    private Applied uploadAndApply(Path file) throws Exception {
        String uai = uaiOf(file);
        byte[] content = Files.readAllBytes(file);
        for (int attempt = 1; ; attempt++) {
            ApiClient.Answer uploaded = api.upload("/api/schools/" + uai + "/imports", file.getFileName().toString(),
                    content);
            String importId;
            JsonNode plan;
            if (uploaded.ok() && uploaded.body().hasNonNull("importId")) {
                plan = uploaded.body();
                importId = plan.path("importId").asText();
            } else if (uploaded.ok()) { // 202: planned, the read model not there yet: the newest import
                importId = api.get("/api/schools/" + uai + "/imports").require("imports of " + uai).body()
                        .path(0).path("importId").asText();
                plan = api.get("/api/imports/" + importId).require("import " + importId).body();
            } else if (uploaded.status() == 409 && attempt < 5) {
                continue;
            } else {
                throw new IllegalStateException("upload of " + uai + " answered " + uploaded.status() + ": "
                        + uploaded.text());
            }
            String status = plan.path("status").asText("PLANNED");
            if (status.equals("REJECTED")) {
                throw new IllegalStateException("upload of " + uai + " was rejected: " + plan.path("rejection"));
            }
            if (!status.equals("PLANNED")) { // an application that recognises a file it already applied
                return new Applied(uai, Map.of(), 0);
            }
            ObjectNode decisions = ApiClient.JSON.createObjectNode().put("confirmMassDeparture", true)
                    .put("confirmOlderFile", true);
            Set<Integer> problemLines = new java.util.TreeSet<>();
            plan.path("problems").forEach(p -> problemLines.add(p.path("line").asInt()));
            problemLines.forEach(decisions.putArray("excludeLines")::add);
            plan.path("probableRenames").forEach(r -> decisions.withArray("confirmRenames").add(r.path("line").asInt()));
            ApiClient.Answer answer = api.post("/api/imports/" + importId + "/apply", decisions);
            if (answer.status() == 409 && "concurrent-modification".equals(problemType(answer)) && attempt < 5) {
                continue;
            }
            answer.require("apply of " + uai + " (" + importId + ")");
            JsonNode body = answer.body();
            Map<String, Long> summary = new LinkedHashMap<>();
            body.path("summary").fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    summary.put(e.getKey(), e.getValue().asLong());
                }
            });
            return new Applied(uai, summary, changedAccounts(body, summary));
        }
    }

    private static String problemType(ApiClient.Answer answer) {
        String type = answer.body().path("type").asText("");
        return type.substring(type.lastIndexOf('/') + 1);
    }

    /**
     * The accounts an apply changed: the distinct accounts of its changes (what applying did, from the audit
     * log), or, when the answer shows the plan still (the read model late), the summary's counts of changes.
     */
    static long changedAccounts(JsonNode applied, Map<String, Long> summary) {
        JsonNode changes = applied.path("changes");
        if ("APPLIED".equals(applied.path("status").asText()) && changes.isArray()) {
            Set<String> accounts = new HashSet<>();
            int anonymous = 0;
            for (JsonNode change : changes) {
                String id = change.path("accountId").asText(null);
                if (id == null) {
                    anonymous++;
                } else {
                    accounts.add(id);
                }
            }
            return accounts.size() + anonymous;
        }
        return Stream.of("arrivals", "departures", "moves", "renames", "accents")
                .mapToLong(k -> summary.getOrDefault(k, 0L)).sum();
    }

    /** From the schools' read model: each school's {active, suspended} accounts. */
    private Map<String, List<Long>> expectedEntries() throws Exception {
        Set<String> own = new HashSet<>(uais);
        Map<String, List<Long>> expected = new HashMap<>();
        for (JsonNode school : api.get("/api/schools").require("GET /api/schools").body()) {
            if (own.contains(school.path("uai").asText())) {
                expected.put(school.path("uai").asText(), List.of(school.path("activeAccounts").asLong(),
                        school.path("suspendedAccounts").asLong()));
            }
        }
        return expected;
    }

    /**
     * Until the projector's total lag is 0 with no dead letter (the {@code intrascolTargets} health details,
     * one query for every school) and slapd holds, for every school, as many entries under its people and
     * disabled OUs as it has active and suspended accounts (read again each time the lag is 0, in case an
     * apply answered before the read model caught up). Answers {people, disabled, member values} held.
     */
    private long[] awaitDirectories(long start) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        long nextProgress = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = "";
        while (true) {
            JsonNode details = admin.get("/actuator/health/intrascolTargets").require("intrascolTargets health")
                    .body().path("details");
            long lag = details.path("lag").asLong(-1);
            long deadLetters = details.path("deadLetters").asLong(-1);
            if (deadLetters > 0) {
                throw new IllegalStateException(deadLetters + " event(s) in the dead-letter queue: "
                        + details + " (see " + appLog + ")");
            }
            if (lag == 0 && deadLetters == 0) {
                Map<String, List<Long>> expected = expectedEntries();
                Map<String, List<Long>> held = schoolCounts(search(SUFFIX, "(objectClass=inetOrgPerson)", "1.1"));
                long short_ = expected.entrySet().stream()
                        .filter(e -> !e.getValue().equals(held.getOrDefault(e.getKey(), List.of(0L, 0L)))).count();
                long people = held.values().stream().mapToLong(c -> c.get(0)).sum();
                long disabled = held.values().stream().mapToLong(c -> c.get(1)).sum();
                last = f("lag 0, %d people and %d disabled entries, %d school(s) not complete", people, disabled,
                        short_);
                if (short_ == 0 && expected.size() == uais.size()) {
                    long members = DirectoryCheck.members(search(SUFFIX, "(objectClass=groupOfNames)", "member"));
                    return new long[]{people, disabled, members};
                }
            } else {
                last = "lag " + lag;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the directories were not complete after " + STEP_TIMEOUT + ": " + last);
            }
            if (System.nanoTime() > nextProgress) {
                progress(f("  %.0f s: %s", (System.nanoTime() - start) / 1e9, last));
                nextProgress = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            }
            Thread.sleep(100);
        }
    }

    /**
     * Person entries by school: {@code uid=…,ou=people|disabled,ou=<UAI>,<suffix>} counted as the school's
     * {people, disabled}.
     */
    static Map<String, List<Long>> schoolCounts(List<? extends Entry> persons) throws LDAPException {
        Map<String, long[]> counts = new HashMap<>();
        for (Entry e : persons) {
            DN parent = e.getParsedDN().getParent();
            if (parent == null || parent.getParent() == null) {
                continue;
            }
            String ou = parent.getRDN().getAttributeValues()[0];
            long[] school = counts.computeIfAbsent(parent.getParent().getRDN().getAttributeValues()[0],
                    k -> new long[2]);
            if (ou.equalsIgnoreCase("people")) {
                school[0]++;
            } else if (ou.equalsIgnoreCase("disabled")) {
                school[1]++;
            }
        }
        Map<String, List<Long>> result = new HashMap<>();
        counts.forEach((uai, c) -> result.put(uai, List.of(c[0], c[1])));
        return result;
    }

    private List<SearchResultEntry> search(String base, String filter, String... attributes) throws LDAPException {
        try {
            return ldap.search(base, SearchScope.SUB, filter, attributes).getSearchEntries();
        } finally {
            monitor.countOwnSearch();
        }
    }

    /** After a step (untimed): each checked school's directory against its accounts. Answers the mismatches. */
    private int checkDirectories(String step) throws Exception {
        List<String> checked = uais;
        if (options.check() > 0 && options.check() < uais.size()) {
            checked = new ArrayList<>();
            for (int i = 0; i < options.check(); i++) {
                checked.add(uais.get((int) ((long) i * uais.size() / options.check())));
            }
        }
        List<String> problems = new ArrayList<>();
        inPool(options.parallel(), checked, uai -> {
            List<DirectoryCheck.Account> accounts = new ArrayList<>();
            for (JsonNode a : api.get("/api/schools/" + uai + "/accounts").require("accounts of " + uai).body()) {
                accounts.add(new DirectoryCheck.Account(a.path("accountId").asText(), a.path("login").asText(),
                        a.path("role").asText(), a.path("lastName").asText(null), a.path("usageName").asText(null),
                        a.path("firstName").asText(null), a.path("classGroup").asText(null), a.path("status").asText()));
            }
            return DirectoryCheck.compare(uai, baseDn(uai), accounts, search(baseDn(uai), "(objectClass=*)", "*"));
        }).forEach(problems::addAll);
        if (problems.isEmpty()) {
            progress(f("  directories of %d school(s) match their accounts", checked.size()));
        } else {
            failed = true;
            out.println(f("# %s: %d mismatch(es) between the directories and the accounts, the first ones:", step,
                    problems.size()));
            problems.stream().limit(20).forEach(p -> out.println("#   " + p));
        }
        return problems.size();
    }

    // ------------------------------------------------------------------------------------------ floors

    record Floors(long entries, double ldapSeconds, double slapdCpuSeconds, long passwords, double hashSeconds,
                  double hashCpuSeconds, int cores) {
        double larger() {
            return Math.max(ldapSeconds, hashSeconds);
        }

        /**
         * The least wall time year 1 can take on this machine if nothing else ran: the CPU the two floors
         * need (slapd's for the adds, the JVM's for the hashes) spread over every core.
         */
        double cpuBound() {
            return cpuSeconds() / cores;
        }

        /** The CPU the two floors need together. */
        double cpuSeconds() {
            return slapdCpuSeconds + hashCpuSeconds;
        }
    }

    /**
     * This machine's floors for year 1: the entries the projector wrote (every person and group under the
     * schools' OUs, as they are after year 1) added again into a second fresh durable slapd with plain UnboundID
     * adds (one per entry, each group whole with all its members), on {@code --parallel} connections, schools
     * shared out between them; and as many new passwords hashed as year 1 opened accounts
     * (PasswordPolicy's SHA-512-crypt, on every core).
     */
    private Floors floors(Step year1) throws Exception {
        List<Entry> structure = new ArrayList<>();
        Map<String, List<Entry>> bySchool = new LinkedHashMap<>();
        for (SearchResultEntry e : search(SUFFIX, "(objectClass=*)", "*")) {
            DN dn = e.getParsedDN();
            int depth = dn.getRDNs().length - new DN(SUFFIX).getRDNs().length;
            if (depth <= 0) {
                continue;
            }
            if (depth <= 2) {
                structure.add(new Entry(e.getDN(), e.getAttributes()));
            } else {
                String uai = dn.getRDNs()[dn.getRDNs().length - 3].getAttributeValues()[0];
                bySchool.computeIfAbsent(uai, k -> new ArrayList<>()).add(new Entry(e.getDN(), e.getAttributes()));
            }
        }
        structure.sort(Comparator.comparingInt(e -> e.getDN().length() - e.getDN().replace(",", "").length()));
        for (List<Entry> school : bySchool.values()) { // people before the groups that name them
            school.sort(Comparator.comparing(e -> e.hasObjectClass("groupOfNames")));
        }
        RawBaselines.Rate adds;
        double slapdCpu;
        try (Slapd raw = Slapd.start(SUFFIX, false, work.resolve("slapd-raw"), 16L << 30)) {
            double slapdBefore = ProcStats.ownSeconds(raw.pid());
            adds = RawBaselines.ldapAdds(raw::connect, structure, new ArrayList<>(bySchool.values()),
                    options.parallel());
            slapdCpu = ProcStats.ownSeconds(raw.pid()) - slapdBefore;
        }
        progress(f("floor: %d raw LDAP adds into a fresh durable slapd in %.1f s on %d connection(s) (slapd %.1f"
                + " CPU s)", adds.rows(), adds.seconds(), options.parallel(), slapdCpu));
        long passwords = year1.summary().getOrDefault("arrivals", 0L);
        int cores = Runtime.getRuntime().availableProcessors();
        long self = ProcessHandle.current().pid();
        double cpuBefore = ProcStats.ownSeconds(self);
        RawBaselines.Rate hashes = RawBaselines.passwordHashes((int) passwords);
        double cpu = ProcStats.ownSeconds(self) - cpuBefore; // the warm-up's few hundred hashes included
        progress(f("floor: %d new passwords hashed (SHA-512-crypt) in %.1f s on %d cores (%.1f CPU s: %.1f s on"
                + " %d idle cores)", hashes.rows(), hashes.seconds(), cores, cpu, cpu / cores, cores));
        return new Floors(adds.rows(), adds.seconds(), slapdCpu, hashes.rows(), hashes.seconds(), cpu, cores);
    }

    // ------------------------------------------------------------------------------------------ report

    private void print(Step s) {
        SlapdMonitor.Counts ops = s.ldap();
        out.println(f("%s: %.1f s end to end (last apply answered at %.1f s), %d files", s.name(), s.seconds(),
                s.lastApplySeconds(), s.files()));
        out.println(f("  apply summaries: %s; changed accounts %d", s.summary(), s.changedAccounts()));
        out.println(f("  LDAP operations: add %d, modify %d, delete %d, modrdn %d (writes %d, %.2f per changed"
                        + " account); search %d, bind %d, compare %d, extended %d", ops.get("add"), ops.get("modify"),
                ops.get("delete"), ops.get("modrdn"), ops.writes(), s.writesPerChangedAccount(), ops.get("search"),
                ops.get("bind"), ops.get("compare"), ops.get("extended")));
        out.println(f("  CPU: JVM %.1f s, PostgreSQL %.1f s, slapd %.1f s; JVM RSS peak %.0f MiB in the step (VmHWM"
                + " %.0f MiB)", s.jvmCpu(), s.pgCpu(), s.slapdCpu(), s.peakRssMib(), s.hwmMib()));
        out.println(f("  slapd holds %d people, %d disabled entries, %d group member values; directory mismatches %d",
                s.peopleEntries(), s.disabledEntries(), s.members(), s.mismatches()));
    }

    private void report(List<Step> steps, Floors floors) {
        out.println();
        out.println(f("%-8s %9s %11s %9s %8s %8s %8s %10s %10s %11s %9s", "step", "seconds", "last apply",
                "changed", "writes", "per acct", "searches", "JVM CPU s", "PG CPU s", "slapd CPU s", "RSS MiB"));
        double jvm = 0;
        double pg = 0;
        double rss = 0;
        for (Step s : steps) {
            out.println(f("%-8s %9.1f %11.1f %9d %8d %8.2f %8d %10.1f %10.1f %11.1f %9.0f", s.name(), s.seconds(),
                    s.lastApplySeconds(), s.changedAccounts(), s.ldap().writes(), s.writesPerChangedAccount(),
                    s.ldap().get("search"), s.jvmCpu(), s.pgCpu(), s.slapdCpu(), s.peakRssMib()));
            String key = s.name().replace(" ", "").replace("-", "").replace("year", "y");
            ObjectNode node = json.putObject(key);
            node.put("seconds", round(s.seconds())).put("last_apply_s", round(s.lastApplySeconds()))
                    .put("changed_accounts", s.changedAccounts()).put("ldap_writes", s.ldap().writes())
                    .put("writes_per_changed_account", round(s.writesPerChangedAccount())) // null: nothing changed
                    .put("jvm_cpu_s", round(s.jvmCpu())).put("pg_cpu_s", round(s.pgCpu()))
                    .put("slapd_cpu_s", round(s.slapdCpu())).put("rss_peak_mib", Math.round(s.peakRssMib()))
                    .put("mismatches", s.mismatches());
            ObjectNode ops = node.putObject("ldap_ops");
            s.ldap().byKind().forEach(ops::put);
            ObjectNode changes = node.putObject("summary");
            s.summary().forEach(changes::put);
            jvm += s.jvmCpu();
            pg += s.pgCpu();
            rss = Math.max(rss, s.hwmMib());
            if (floors != null) {
                node.put("ratio_to_floor", round(s.seconds() / floors.larger()));
            }
        }
        out.println(f("CPU over the three steps: JVM %.1f s, PostgreSQL %.1f s; JVM peak RSS (VmHWM) %.0f MiB with"
                + " -Xmx%s", jvm, pg, rss, options.heap()));
        json.put("jvm_cpu_s", round(jvm)).put("pg_cpu_s", round(pg)).put("rss_hwm_mib", Math.round(rss));
        if (floors != null) {
            out.println(f("floors: raw LDAP adds of the %d year-1 entries %.1f s, hashing %d passwords %.1f s;"
                            + " ratio of each step to the larger (%.1f s): %s", floors.entries(), floors.ldapSeconds(),
                    floors.passwords(), floors.hashSeconds(), floors.larger(),
                    String.join(", ", steps.stream().map(s -> f("%s %.1f×", s.name(), s.seconds() / floors.larger()))
                            .toList())));
            out.println(f("CPU floor of year 1: slapd's adds %.1f CPU s + hashing %.1f CPU s = %.1f CPU s, at least %.1f s"
                            + " on %d cores before anything else runs (reading, planning, sealing, storing events, read"
                            + " models)", floors.slapdCpuSeconds(), floors.hashCpuSeconds(),
                    floors.cpuSeconds(), floors.cpuBound(), floors.cores()));
            json.putObject("floors").put("ldap_entries", floors.entries()).put("ldap_adds_s", round(floors.ldapSeconds()))
                    .put("ldap_adds_slapd_cpu_s", round(floors.slapdCpuSeconds()))
                    .put("passwords", floors.passwords()).put("hash_s", round(floors.hashSeconds()))
                    .put("hash_cpu_s", round(floors.hashCpuSeconds())).put("cpu_bound_s", round(floors.cpuBound()));
        }
        json.put("directories_match", !failed);
        out.println(json.toString());
    }

    /** Two decimals; null (JSON {@code null}) when there is no figure, e.g. writes per account of no account. */
    private static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : null;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private double pgSeconds() {
        return ProcStats.postmaster(pgData).map(ProcStats::treeSeconds).orElse(0.0);
    }

    private Thread startRssSampler() {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                stepPeakRss = Math.max(stepPeakRss, ProcStats.statusMib(app.pid(), "VmRSS:"));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    interface Task<T, R> {
        R run(T item) throws Exception;
    }

    /** {@code task} on every item, {@code threads} at a time; the results in the items' order. */
    private static <T, R> List<R> inPool(int threads, List<T> items, Task<T, R> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> task.run(item)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double seconds(java.util.concurrent.Callable<?> work) throws Exception {
        long start = System.nanoTime();
        work.call();
        return (System.nanoTime() - start) / 1e9;
    }

    private void progress(String line) {
        out.println("# " + clock.instant().toString().substring(11, 19) + " " + line);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private void tailAppLog() {
        try {
            if (appLog != null && Files.exists(appLog)) {
                List<String> lines = Files.readAllLines(appLog);
                System.err.println("last lines of the application's log (" + appLog + "):");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            }
        } catch (IOException e) {
            // nothing more to show
        }
    }

    private void cleanUp() {
        if (ldap != null) {
            ldap.close();
        }
        if (app != null) {
            app.destroy();
            try {
                if (!app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            } catch (InterruptedException e) {
                app.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (slapd != null) {
            slapd.close();
        }
        if (work != null && !options.keep() && options.work() == null) {
            try (Stream<Path> paths = Files.walk(work)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("could not delete " + work + ": " + e);
            }
        }
    }
}
