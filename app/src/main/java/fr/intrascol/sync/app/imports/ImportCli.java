package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.audit.AuditedCommands;
import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.ImportApplication;
import fr.intrascol.sync.message.command.RegisterSchool;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.ImportView;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.message.value.RowProblem;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code java -jar intrascol-sync.jar import [options] (--school UAI FILE | FOLDER)}: plans (and with
 * {@code --apply}, applies) extractions from the command line, one school or a whole folder of
 * {@code <UAI>.csv} files, with a progress bar and a summary table. It works on the database directly
 * (stop the server first when it uses the embedded database) and acts as {@code cli:<system user>}.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "intrascol.cli", havingValue = "import")
public class ImportCli implements ApplicationRunner {

    static final String USAGE = """
            Usage: java -jar intrascol-sync.jar import [options] --school UAI FILE
                   java -jar intrascol-sync.jar import [options] FOLDER      (files named <UAI>.csv)
            Options:
              --apply                   apply each plan (without it: plan only, nothing changes)
              --register-missing        register schools not known yet (name = UAI)
              --exclude-bad-lines       leave out the lines that have problems instead of refusing the file
              --confirm-mass-departure  apply even when most pupils would leave (partial extraction)
              --confirm-renames         confirm every probable rename (otherwise such files are not applied)
              --confirm-older-file      apply even when the file looks older than the last import
                                        (values set by hand are always kept: decide those in the pages)
              --credentials-dir DIR     where to write the credentials PDFs (default ./credentials)
              --parallel N              schools imported at the same time from a FOLDER (default 2; each
                                        school's own changes are always applied one after the other)
            """;

    private final ImportService imports;
    private final AuditedCommands commands;
    private final AccountReadModel accounts;
    private final PrintStream out = System.out;
    private int exitCode;

    public ImportCli(ImportService imports, AuditedCommands commands, AccountReadModel accounts) {
        this.imports = imports;
        this.commands = commands;
        this.accounts = accounts;
    }

    public int exitCode() {
        return exitCode;
    }

    record Options(boolean apply, boolean registerMissing, boolean excludeBadLines, boolean confirmMassDeparture,
                   boolean confirmRenames, Path credentialsDir, String school, Path target, int parallel,
                   boolean confirmOlderFile) {
    }

    /** One line of the summary table. */
    record Outcome(String uai, String file, String status, String detail, int arrivals, int departures, int moves,
                   int renames, int unchanged, int errors) {
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        Options options;
        try {
            options = parse(arguments.getSourceArgs());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            exitCode = 2;
            return;
        }
        String actor = "cli:" + System.getProperty("user.name", "unknown");
        AppUser system = new AppUser(actor, "", Set.of(UserRole.ADMIN), Set.of(), true);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(system, null, system.getAuthorities()));
        List<Path[]> work;
        try {
            work = files(options);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            exitCode = 2;
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallel(), Math.max(1, work.size())));
        try {
            // schools are independent aggregates: several are imported at once, each as the same actor
            var authentication = SecurityContextHolder.getContext().getAuthentication();
            AtomicInteger done = new AtomicInteger();
            progress(0, work.size(), "");
            List<Future<Outcome>> running = new ArrayList<>();
            for (Path[] item : work) {
                running.add(pool.submit(() -> {
                    SecurityContextHolder.getContext().setAuthentication(authentication);
                    try {
                        Outcome outcome = importOne(item[1].toString(), item[0], options);
                        progress(done.incrementAndGet(), work.size(), item[1].toString());
                        return outcome;
                    } finally {
                        SecurityContextHolder.clearContext();
                    }
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : running) {
                outcomes.add(outcome.get());
            }
            progress(work.size(), work.size(), "");
            out.println();
            table(outcomes);
            exitCode = outcomes.stream().anyMatch(o -> o.status().equals("FAILED") || o.status().equals("REJECTED")
                    || o.status().equals("NOT APPLIED")) ? 1 : 0;
        } finally {
            pool.shutdownNow();
            SecurityContextHolder.clearContext();
        }
    }

    private Outcome importOne(String uaiText, Path file, Options options) {
        String name = file.getFileName().toString();
        try {
            Uai uai = new Uai(uaiText);
            if (accounts.school(uai).isEmpty()) {
                if (!options.registerMissing()) {
                    return failed(uaiText, name, "school not registered (use --register-missing)");
                }
                commands.send(new RegisterSchool(uai, uai.value(), null), Origin.IMPORT, "registered by an import");
                accounts.awaitSchool(uai);
            }
            ImportService.Planned planned = imports.plan(uai, name, Files.readAllBytes(file));
            ImportView view = planned.view().orElseThrow(() -> new IllegalStateException(
                    "the imports read model did not show import " + planned.importId() + " in time"));
            var summary = view.plan().summary();
            if (!options.apply()) {
                return outcome(uaiText, name, "PLANNED", view.importId(), summary);
            }
            Set<Integer> problemLines = view.problems().stream().map(RowProblem::line)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!problemLines.isEmpty() && !options.excludeBadLines()) {
                return outcome(uaiText, name, "NOT APPLIED", "problems on lines " + problemLines, summary);
            }
            Set<Integer> renames = view.plan().probableRenames().stream().map(r -> r.line())
                    .collect(Collectors.toSet());
            if (!renames.isEmpty() && !options.confirmRenames()) {
                return outcome(uaiText, name, "NOT APPLIED", "probable renames to decide on lines " + renames, summary);
            }
            ImportApplication applied = imports.apply(view.importId(), new ImportService.ApplyOptions(
                    options.confirmMassDeparture(), problemLines, renames, Set.of(), Set.of(),
                    options.confirmOlderFile()));
            String detail = view.importId();
            if (!applied.credentials().isEmpty()) {
                Files.createDirectories(options.credentialsDir());
                Path pdf = options.credentialsDir().resolve("identifiants-" + uai.value() + "-"
                        + view.importId().substring(0, 8) + ".pdf");
                CredentialsSheets.Pending pending = imports.takeCredentials(view.importId());
                writePrivately(pdf, CredentialsSheetPdf.render(pending.schoolName(), pending.uai(), pending.title(),
                        pending.cards()));
                detail = pdf.toString();
            }
            return outcome(uaiText, name, "APPLIED", detail, applied.summary());
        } catch (ImportRejectedException | CommandRejectedException | InvalidValueException e) {
            return new Outcome(uaiText, name, e instanceof ImportRejectedException ? "REJECTED" : "NOT APPLIED",
                    e.getMessage(), 0, 0, 0, 0, 0, 0);
        } catch (IOException | RuntimeException e) {
            return failed(uaiText, name, e.toString());
        }
    }

    /** The sheet holds clear passwords: readable by its owner only, whatever the umask. */
    private static void writePrivately(Path file, byte[] content) throws IOException {
        Files.write(file, new byte[0]);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's access rights apply
        }
        Files.write(file, content);
    }

    private static Outcome outcome(String uai, String file, String status, String detail,
                                   fr.intrascol.sync.message.imports.ImportSummary s) {
        return new Outcome(uai, file, status, detail, s.arrivals(), s.departures(), s.moves(), s.renames(),
                s.unchanged(), s.errors());
    }

    private static Outcome failed(String uai, String file, String why) {
        return new Outcome(uai, file, "FAILED", why, 0, 0, 0, 0, 0, 0);
    }

    private synchronized void progress(int done, int total, String current) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " "
                + String.format("%-9s", current));
        out.flush();
    }

    private void table(List<Outcome> outcomes) {
        String format = "%-9s %-22s %-11s %8s %10s %6s %7s %9s %6s  %s%n";
        out.printf(format, "UAI", "file", "status", "arrivals", "departures", "moves", "renames", "unchanged",
                "errors", "detail");
        for (Outcome o : outcomes) {
            out.printf(format, o.uai(), abbreviate(o.file(), 22), o.status(), o.arrivals(), o.departures(), o.moves(),
                    o.renames(), o.unchanged(), o.errors(), o.detail());
        }
        out.printf("%d file(s): %d applied, %d planned, %d not applied, %d rejected, %d failed; %d arrivals,"
                        + " %d departures%n", outcomes.size(), count(outcomes, "APPLIED"), count(outcomes, "PLANNED"),
                count(outcomes, "NOT APPLIED"), count(outcomes, "REJECTED"), count(outcomes, "FAILED"),
                outcomes.stream().mapToInt(Outcome::arrivals).sum(),
                outcomes.stream().mapToInt(Outcome::departures).sum());
    }

    private static long count(List<Outcome> outcomes, String status) {
        return outcomes.stream().filter(o -> o.status().equals(status)).count();
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    private static List<Path[]> files(Options options) throws IOException {
        if (options.school() != null) {
            if (!Files.isRegularFile(options.target())) {
                throw new IllegalArgumentException("No file " + options.target());
            }
            return List.<Path[]>of(new Path[]{options.target(), Path.of(options.school())});
        }
        if (!Files.isDirectory(options.target())) {
            throw new IllegalArgumentException(options.target() + " is not a folder; for one file, give --school UAI");
        }
        try (Stream<Path> entries = Files.list(options.target())) {
            return entries.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".csv"))
                    .sorted()
                    .map(p -> new Path[]{p, Path.of(p.getFileName().toString().replaceAll("(?i)\\.csv$", ""))})
                    .toList();
        }
    }

    static Options parse(String[] args) {
        boolean apply = false;
        boolean register = false;
        boolean exclude = false;
        boolean mass = false;
        boolean renames = false;
        boolean older = false;
        Path credentials = Path.of("credentials");
        int parallel = 2;
        String school = null;
        Path target = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--school=") || arg.startsWith("--credentials-dir=") || arg.startsWith("--parallel=")) {
                // --option=value, as well as --option value
                String[] parts = arg.split("=", 2);
                switch (parts[0]) {
                    case "--school" -> school = parts[1];
                    case "--parallel" -> parallel = count(parts[1]);
                    default -> credentials = Path.of(parts[1]);
                }
                continue;
            }
            switch (arg) {
                case "import" -> {
                }
                case "--apply" -> apply = true;
                case "--register-missing" -> register = true;
                case "--exclude-bad-lines" -> exclude = true;
                case "--confirm-mass-departure" -> mass = true;
                case "--confirm-renames" -> renames = true;
                case "--confirm-older-file" -> older = true;
                case "--school" -> school = value(args, ++i, arg);
                case "--credentials-dir" -> credentials = Path.of(value(args, ++i, arg));
                case "--parallel" -> parallel = count(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("--")) {
                        if (arg.contains("=")) {
                            continue; // a Spring property, e.g. --intrascol.data-dir=...
                        }
                        throw new IllegalArgumentException("Unknown option " + arg);
                    }
                    if (target != null) {
                        throw new IllegalArgumentException("One FILE or FOLDER only, not also " + arg);
                    }
                    target = Path.of(arg);
                }
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("Give a FILE (with --school UAI) or a FOLDER of <UAI>.csv files.");
        }
        return new Options(apply, register, exclude, mass, renames, credentials, school, target, parallel, older);
    }

    private static int count(String value) {
        try {
            int count = Integer.parseInt(value);
            if (count >= 1 && count <= 32) {
                return count;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--parallel takes a number of schools from 1 to 32, not " + value);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
