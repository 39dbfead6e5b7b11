import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * audit log, and 10 % writes (a class change with a reason), first authenticated with HTTP Basic, then
 * with an API token, in the same run. Prints requests per second and p50/p95/p99 latencies per phase.
 * Plain Java (run as a single source file), no dependency: it is a tool, not part of the product.
 *
 * Usage: java scripts/LoadTest.java URL USER:PASSWORD TOKEN UAI [clients] [seconds]
 */
public class LoadTest {

    /** Failed answers by kind of request and status, printed after each phase. */
    static final java.util.concurrent.ConcurrentHashMap<String, Integer> STATUSES =
            new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("Usage: java scripts/LoadTest.java URL USER:PASSWORD TOKEN UAI [clients] [seconds]");
            System.exit(2);
        }
        String url = args[0];
        String basic = "Basic " + Base64.getEncoder().encodeToString(args[1].getBytes(StandardCharsets.UTF_8));
        String bearer = "Bearer " + args[2];
        String uai = args[3];
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int seconds = args.length > 5 ? Integer.parseInt(args[5]) : 60;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        List<String> accounts = accountIds(http, url, bearer, uai);
        if (accounts.isEmpty()) {
            throw new IllegalStateException("School " + uai + " has no account to read");
        }
        System.out.printf(Locale.ROOT, "%d clients, %d s per phase, school %s with %d accounts, 10 %% writes%n",
                clients, seconds, uai, accounts.size());
        Result withBasic = phase("basic", http, url, basic, uai, accounts, clients, seconds);
        Result withToken = phase("token", http, url, bearer, uai, accounts, clients, seconds);
        System.out.println(withBasic);
        System.out.println(withToken);
        System.out.printf(Locale.ROOT, "{\"clients\":%d,\"seconds\":%d,\"basic_rps\":%.1f,\"basic_p50_ms\":%d,"
                        + "\"basic_p95_ms\":%d,\"basic_p99_ms\":%d,\"basic_errors\":%d,\"token_rps\":%.1f,"
                        + "\"token_p50_ms\":%d,\"token_p95_ms\":%d,\"token_p99_ms\":%d,\"token_errors\":%d}%n",
                clients, seconds, withBasic.rps, withBasic.p(50), withBasic.p(95), withBasic.p(99), withBasic.errors,
                withToken.rps, withToken.p(50), withToken.p(95), withToken.p(99), withToken.errors);
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
            return String.format(Locale.ROOT, "%-6s %8d requests %6.1f req/s  p50 %5d ms  p95 %5d ms  p99 %5d ms"
                    + "  errors %d", name, requests, rps, p(50), p(95), p(99), errors);
        }
    }

    static Result phase(String name, HttpClient http, String url, String auth, String uai, List<String> accounts,
                        int clients, int seconds) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<long[]> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong count = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            int client = c;
            Thread thread = new Thread(() -> {
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (System.nanoTime() < end) {
                        String account = accounts.get(random.nextInt(accounts.size()));
                        HttpRequest request;
                        int pick = random.nextInt(100);
                        if (pick < 10) {
                            String classGroup = "CHARGE " + (client % 2 == 0 ? "A" : "B");
                            request = HttpRequest.newBuilder(URI.create(url + "/api/accounts/" + account))
                                    .header("Authorization", auth).header("Content-Type", "application/json")
                                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"classGroup\":\""
                                            + classGroup + "\",\"reason\":\"test de charge\"}")).build();
                        } else if (pick < 40) {
                            request = get(url + "/api/schools/" + uai + "/accounts", auth);
                        } else if (pick < 70) {
                            request = get(url + "/api/accounts/" + account + "/history", auth);
                        } else {
                            request = get(url + "/api/audit?school=" + uai + "&size=50", auth);
                        }
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        if (n < mine.length) {
                            mine[n++] = (System.nanoTime() - t0) / 1_000_000;
                        }
                        count.incrementAndGet();
                        if (status < 200 || status >= 300) {
                            errors.incrementAndGet();
                            STATUSES.merge((pick < 10 ? "write " : "read ") + status, 1, Integer::sum);
                        }
                    }
                } finally {
                    mine[mine.length - 1] = n; // how many were recorded
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        if (!STATUSES.isEmpty()) {
            System.out.println(name + " failures by request and status: " + new java.util.TreeMap<>(STATUSES));
            STATUSES.clear();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = 0;
        for (long[] l : latencies) {
            total += l[l.length - 1];
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] l : latencies) {
            int n = (int) l[l.length - 1];
            System.arraycopy(l, 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
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
