package fr.intrascol.sync.tools.bench;

import java.nio.file.Path;

/**
 * The end-to-end benchmark's command line: {@code bench-e2e [--schools N] [--pupils M] [--parallel P]
 * [--check K] [--no-floors] [--app-jar JAR] [--heap SIZE] [--work DIR] [--keep]}.
 */
public record EndToEndOptions(int schools, int pupils, int parallel, int check, boolean floors, Path appJar,
                              String heap, Path work, boolean keep, long seed) {

    static final String USAGE = """
            Usage: java -jar intrascol-tools.jar bench-e2e [options]
              --schools N     schools in the département (default 500)
              --pupils M      pupils per school on average (default 120)
              --parallel P    files uploaded and applied at a time (default 2)
              --check K       schools whose directory is compared with the accounts after each step
                              (default 0: all of them)
              --no-floors     skip this machine's floors (raw LDAP adds, password hashing)
              --app-jar JAR   the application to run as a server (default app/target/intrascol-sync.jar)
              --heap SIZE     the application's -Xmx (default 1g)
              --work DIR      where the files, slapd and the data folder go (default: a new temporary folder)
              --keep          keep the work folder (it holds generated personal-looking data: delete it after)
              --seed S        the generator's seed (default 17)
            """;

    public static EndToEndOptions defaults() {
        return new EndToEndOptions(500, 120, 2, 0, true, Path.of("app/target/intrascol-sync.jar"), "1g", null, false,
                17);
    }

    public static EndToEndOptions parse(String... args) {
        EndToEndOptions d = defaults();
        int schools = d.schools;
        int pupils = d.pupils;
        int parallel = d.parallel;
        int check = d.check;
        boolean floors = d.floors;
        Path appJar = d.appJar;
        String heap = d.heap;
        Path work = d.work;
        boolean keep = d.keep;
        long seed = d.seed;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i == 0 && arg.equals("bench-e2e")) {
                continue;
            }
            switch (arg) {
                case "--no-floors" -> floors = false;
                case "--keep" -> keep = true;
                case "--schools", "--pupils", "--parallel", "--check", "--app-jar", "--heap", "--work", "--seed" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--schools" -> schools = number(arg, value, 1);
                        case "--pupils" -> pupils = number(arg, value, 1);
                        case "--parallel" -> parallel = number(arg, value, 1);
                        case "--check" -> check = number(arg, value, 0);
                        case "--app-jar" -> appJar = Path.of(value);
                        case "--heap" -> heap = value;
                        case "--work" -> work = Path.of(value);
                        default -> seed = number(arg, value, 0);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        if (schools > 9999) {
            throw new IllegalArgumentException("--schools is at most 9999");
        }
        return new EndToEndOptions(schools, pupils, parallel, check, floors, appJar, heap, work, keep, seed);
    }

    private static int number(String name, String value, int min) {
        return min == 0 ? BenchOptions.nonNegative(name, value) : BenchOptions.positive(name, value);
    }
}
