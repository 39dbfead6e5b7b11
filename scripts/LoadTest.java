import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API under load (scripts/load-test.sh starts the application and prepares the data): N concurrent
 * clients for S seconds, each looping over reads of a school's accounts, an account's history and the
 * audit log, and 10 % writes (a class change with a reason). Three phases in the same run:
 * <ol>
 *   <li>{@code basic}: every client on the prepared school, HTTP Basic (a BCrypt check per call);</li>
 *   <li>{@code token}: the same with the API token;</li>
 *   <li>{@code spread}: the token, each client working on one of K schools (client number modulo K), as the
 *       directors or scripts of K schools would: a school takes one write at a time, so the single-school
 *       phases measure that school's queue as much as the service.</li>
 * </ol>
 * Prints requests per second and p50/p95/p99 latencies per phase and kind of request, and one JSON line.
 * Plain Java (run as a single source file), no dependency: it is a tool, not part of the product.
 *
 * Usage: java scripts/LoadTest.java URL USER:PASSWORD TOKEN UAI [clients] [seconds] [schools]
 */
public class LoadTest {

    /** Failed answers by kind of request and status, printed after each phase. */
    static final java.util.concurrent.ConcurrentHashMap<String, Integer> STATUSES =
            new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("Usage: java scripts/LoadTest.java URL USER:PASSWORD TOKEN UAI [clients] [seconds]"
                    + " [schools]");
            System.exit(2);
        }
        String url = args[0];
        String basic = "Basic " + Base64.getEncoder().encodeToString(args[1].getBytes(StandardCharsets.UTF_8));
        String bearer = "Bearer " + args[2];
        String uai = args[3];
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int seconds = args.length > 5 ? Integer.parseInt(args[5]) : 60;
        int schoolCount = args.length > 6 ? Integer.parseInt(args[6]) : 10;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        School first = new School(uai, accountIds(http, url, bearer, uai));
        if (first.accounts.isEmpty()) {
            throw new IllegalStateException("School " + uai + " has no account to read");
        }
        List<School> spread = new ArrayList<>(List.of(first));
        for (int i = 1; i < schoolCount; i++) {
            spread.add(prepareSchool(http, url, bearer, 990000 + i, first.accounts.size()));
        }
        System.out.printf(Locale.ROOT, "%d clients, %d s per phase, %d accounts per school, 10 %% writes;"
                + " spread over %d schools%n", clients, seconds, first.accounts.size(), spread.size());
        Result withBasic = phase("basic", http, url, basic, List.of(first), clients, seconds);
        Result withToken = phase("token", http, url, bearer, List.of(first), clients, seconds);
        Result spreadToken = phase("spread", http, url, bearer, spread, clients, seconds);
        System.out.println(consistency(http, url, bearer, spread));
        System.out.println(withBasic);
        System.out.println(withToken);
        System.out.println(spreadToken);
        StringBuilder json = new StringBuilder("{\"clients\":" + clients + ",\"seconds\":" + seconds
                + ",\"schools\":" + spread.size());
        for (Result r : List.of(withBasic, withToken, spreadToken)) {
            json.append(String.format(Locale.ROOT, ",\"%1$s_rps\":%2$.1f,\"%1$s_p50_ms\":%3$d,\"%1$s_p95_ms\":%4$d,"
                    + "\"%1$s_p99_ms\":%5$d,\"%1$s_errors\":%6$d", r.name, r.rps, r.p(50), r.p(95), r.p(99), r.errors));
        }
        System.out.println(json.append('}'));
    }

    /**
     * After the load, every account's version against its history (one entry per version): a write that a
     * read model missed, rather than showed late, would show here. Waits up to a minute for them to agree.
     */
    static String consistency(HttpClient http, String url, String auth, List<School> schools) throws Exception {
        List<String> behind = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        int accounts = 0;
        for (School school : schools) {
            for (String id : school.accounts) {
                accounts++;
                while (true) {
                    String account = http.send(get(url + "/api/accounts/" + id, auth),
                            HttpResponse.BodyHandlers.ofString()).body();
                    Matcher version = Pattern.compile("\"version\":(\\d+)").matcher(account);
                    long v = version.find() ? Long.parseLong(version.group(1)) : -1;
                    String history = http.send(get(url + "/api/accounts/" + id + "/history", auth),
                            HttpResponse.BodyHandlers.ofString()).body();
                    long entries = Pattern.compile("\"index\":").matcher(history).results().count();
                    if (entries == v) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        behind.add(id + " version " + v + " history " + entries);
                        break;
                    }
                    Thread.sleep(200);
                }
            }
        }
        return "read models after the load: " + accounts + " accounts, " + (behind.isEmpty()
                ? "every version in its history" : behind.size() + " NOT: " + behind);
    }

    /** A school of the test and the accounts its clients read and change. */
    record School(String uai, List<String> accounts) {
    }

    /** Registers a school and opens {@code pupils} accounts in it through the API. */
    static School prepareSchool(HttpClient http, String url, String auth, int number, int pupils) throws Exception {
        String uai = String.format(Locale.ROOT, "%07d%c", number, "ABCDEFGHJKLMNPRSTUVWXYZ".charAt(number % 23));
        send(http, post(url + "/api/schools", auth, "{\"uai\":\"" + uai + "\",\"name\":\"École de charge "
                + number + "\"}"));
        for (int p = 0; p < pupils; p++) {
            send(http, post(url + "/api/schools/" + uai + "/accounts", auth, "{\"role\":\"PUPIL\",\"lastName\":"
                    + "\"CHARGE\",\"firstName\":\"Eleve" + (char) ('a' + p % 26) + (char) ('a' + p / 26)
                    + "\",\"birthDate\":\"2018-03-0" + (1 + p % 9) + "\",\"level\":\"CE1\",\"classGroup\":\"CE1\"}"));
        }
        return new School(uai, accountIds(http, url, auth, uai));
    }

    static HttpRequest post(String uri, String auth, String json) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    static void send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    record Result(String name, long requests, long errors, double rps, long[] sortedMillis) {
        long p(int percentile) {
            if (sortedMillis.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sortedMillis.length) - 1;
            return sortedMillis[Math.max(0, Math.min(index, sortedMillis.length - 1))];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-15s %8d requests %6.1f req/s  p50 %5d ms  p95 %5d ms  p99 %5d ms"
                    + "  errors %d", name, requests, rps, p(50), p(95), p(99), errors);
        }
    }

    /** The kinds of request, in the order their latencies are printed. */
    static final String[] KINDS = {"accounts", "history", "audit", "write"};

    static Result phase(String name, HttpClient http, String url, String auth, List<School> schools,
                        int clients, int seconds) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        java.util.concurrent.ConcurrentLinkedQueue<long[]> timings = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong count = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            School school = schools.get(c % schools.size());
            String uai = school.uai;
            List<String> accounts = school.accounts;
            Thread thread = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (System.nanoTime() < end) {
                        String account = accounts.get(random.nextInt(accounts.size()));
                        HttpRequest request;
                        int pick = random.nextInt(100);
                        int kind;
                        if (pick < 10) {
                            kind = 3;
                            String classGroup = "CHARGE " + (client % 2 == 0 ? "A" : "B");
                            request = HttpRequest.newBuilder(URI.create(url + "/api/accounts/" + account))
                                    .header("Authorization", auth).header("Content-Type", "application/json")
                                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"classGroup\":\""
                                            + classGroup + "\",\"reason\":\"test de charge\"}")).build();
                        } else if (pick < 40) {
                            kind = 0;
                            request = get(url + "/api/schools/" + uai + "/accounts", auth);
                        } else if (pick < 70) {
                            kind = 1;
                            request = get(url + "/api/accounts/" + account + "/history", auth);
                        } else {
                            kind = 2;
                            request = get(url + "/api/audit?school=" + uai + "&size=50", auth);
                        }
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        timings.add(new long[] {kind, (System.nanoTime() - t0) / 1_000_000});
                        count.incrementAndGet();
                        if (status != 200) {
                            // 202: a write saved, its read models not there within read-your-writes' wait
                            STATUSES.merge(KINDS[kind] + " " + status, 1, Integer::sum);
                        }
                        if (status < 200 || status >= 300) {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!STATUSES.isEmpty()) {
            System.out.println(name + " answers other than 200, by request and status: " + new java.util.TreeMap<>(STATUSES));
            STATUSES.clear();
        }
        for (int kind = 0; kind < KINDS.length; kind++) {
            int k = kind;
            long[] mine = timings.stream().filter(t -> t[0] == k).mapToLong(t -> t[1]).sorted().toArray();
            System.out.println("  " + new Result(name + " " + KINDS[kind], mine.length, 0, mine.length / elapsed, mine));
        }
        long[] all = timings.stream().mapToLong(t -> t[1]).sorted().toArray();
        return new Result(name, count.get(), errors.get(), count.get() / elapsed, all);
    }

    static HttpRequest get(String uri, String auth) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Authorization", auth).GET().build();
    }

    static List<String> accountIds(HttpClient http, String url, String auth, String uai) throws Exception {
        String body = http.send(get(url + "/api/schools/" + uai + "/accounts", auth),
                HttpResponse.BodyHandlers.ofString()).body();
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"accountId\":\"([0-9a-f-]{36})\"").matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
