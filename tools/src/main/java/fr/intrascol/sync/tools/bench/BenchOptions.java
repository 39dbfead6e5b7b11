package fr.intrascol.sync.tools.bench;

import java.nio.file.Path;

/**
 * The benchmark's command line: {@code bench [--schools N] [--pupils M] [--events E] [--runs R]
 * [--import-threads T] [--push-threads P] [--queries Q] [--erase K] [--work DIR]}, plus any
 * {@code --name=value} Spring property (e.g. {@code --intrascol.data-dir=...}), which is left to Spring.
 */
public record BenchOptions(int schools, int pupils, long events, int runs, int importThreads, int pushThreads,
                           int queries, int erase, Path work) {

    /** The clear baseline's twins and the warm-up's schools take school numbers after the département's. */
    static final int MAX_SCHOOLS_WITH_BASELINE = 4900;

    static final String USAGE = """
            Usage: java -jar intrascol-tools.jar bench [options] --intrascol.data-dir=EMPTY_DIR
              --schools N         schools in the département (default 500)
              --pupils M          pupils per school on average (default 120)
              --events E          grow the event store to at least E events before the rebuild and the queries
                                  (default 1000000)
              --runs R            runs of each repeatable measurement, the median is shown (default 3)
              --import-threads T  schools imported at once (default 2)
              --push-threads P    schools replayed to the LDAP server at once (default 2)
              --queries Q         timed queries of each kind (default 200)
              --erase K           accounts erased by the retention job after year 2 (default 10000): when
                                  year 2 suspended fewer, active pupils (CM2 first) are suspended by
                                  command first; 0 skips the retention phase
              --work DIR          where the extractions and slapd go (default: the data dir's bench/)
            """;

    public static BenchOptions defaults() {
        return new BenchOptions(500, 120, 1_000_000, 3, 2, 2, 200, 10_000, null);
    }

    public static BenchOptions parse(String... args) {
        BenchOptions o = defaults();
        int schools = o.schools;
        int pupils = o.pupils;
        long events = o.events;
        int runs = o.runs;
        int importThreads = o.importThreads;
        int pushThreads = o.pushThreads;
        int queries = o.queries;
        int erase = o.erase;
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i == 0 && arg.equals("bench")) {
                continue;
            }
            String name = arg;
            String value = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                value = arg.substring(arg.indexOf('=') + 1);
            }
            switch (name) {
                case "--schools", "--pupils", "--events", "--runs", "--import-threads", "--push-threads", "--queries",
                     "--erase", "--work" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                }
                default -> {
                    if (arg.startsWith("--") && arg.contains("=")) {
                        continue; // a Spring property
                    }
                    throw new IllegalArgumentException("Unknown option " + arg);
                }
            }
            switch (name) {
                case "--schools" -> schools = positive(name, value);
                case "--pupils" -> pupils = positive(name, value);
                case "--events" -> events = Math.max(0, Long.parseLong(value));
                case "--runs" -> runs = positive(name, value);
                case "--import-threads" -> importThreads = positive(name, value);
                case "--push-threads" -> pushThreads = positive(name, value);
                case "--queries" -> queries = positive(name, value);
                case "--erase" -> erase = nonNegative(name, value);
                default -> work = Path.of(value);
            }
        }
        if (schools > 9999) {
            throw new IllegalArgumentException("--schools is at most 9999");
        }
        if (schools > MAX_SCHOOLS_WITH_BASELINE) {
            throw new IllegalArgumentException("--schools is at most " + MAX_SCHOOLS_WITH_BASELINE + ": the clear"
                    + " baseline and the warm-up take further school numbers (at most 9999)");
        }
        return new BenchOptions(schools, pupils, events, runs, importThreads, pushThreads, queries, erase, work);
    }

    static int nonNegative(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + " needs a number (0 or more), not " + value);
    }

    static int positive(String name, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, not " + value);
        }
        if (n < 1) {
            throw new IllegalArgumentException(name + " is at least 1");
        }
        return n;
    }
}
