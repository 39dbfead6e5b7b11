package fr.intrascol.sync.app.schools;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.targets.ServerStates;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.query.FindImports;
import fr.intrascol.sync.message.query.FindLatestImports;
import fr.intrascol.sync.message.query.ImportView;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.Folding;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.intrascol.TargetSync;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The list of schools (where the ICT staff land, and a director of several schools), with each school's
 * import of the year and server state, problems first; and a school's home page (where a director lands).
 */
@WebPage
public class SchoolPages {

    /** Sort orders of the list: problems first (default), by name, by UAI. */
    static final List<String> SORTS = List.of("problemes", "nom", "uai");

    private final SchoolService schools;
    private final AccountReadModel readModel;
    private final QueryGateway queries;
    private final SchoolAccess access;
    private final TargetSync sync;
    private final ServerStates serverStates;
    private final FrenchText dates;
    private final FrenchMessages french;

    public SchoolPages(SchoolService schools, AccountReadModel readModel, QueryGateway queries, SchoolAccess access,
                       TargetSync sync, ServerStates serverStates, FrenchText dates, FrenchMessages french) {
        this.schools = schools;
        this.readModel = readModel;
        this.queries = queries;
        this.access = access;
        this.sync = sync;
        this.serverStates = serverStates;
        this.dates = dates;
        this.french = french;
    }

    /** What the pages show of an import: its status in words, its date; {@code missing}: none this school year. */
    public record ImportState(String level, String label, String date, boolean missing, int weight) {
    }

    /**
     * A school's imports as the pages sum them up: the last applied one (« Dernier import », rolled back or
     * not; null for none), and, apart, a file analysed since and not applied yet ({@code pending}) and a file
     * refused since ({@code refused}), each null when there is none: a refused file never hides the applied
     * import.
     */
    public record Imports(ImportView last, ImportState lastState, ImportView pending, String pendingDate,
                          ImportView refused, String refusedDate) {

        int weight() {
            return (lastState == null ? 2 : lastState.weight()) + (pending != null ? 1 : 0) + (refused != null ? 1 : 0);
        }
    }

    /** One line of the list. */
    public record SchoolRow(String uai, String name, int activeAccounts, ImportState importState, Imports imports,
                            ServerStates.ServerState server, int problems) {
    }

    @GetMapping("/schools")
    public String schools(@RequestParam(name = "q", required = false) String q,
                          @RequestParam(name = "tri", required = false) String sort, Model model) {
        list(q, sort, model);
        return "schools/list";
    }

    @PostMapping("/schools")
    public String register(@RequestParam(name = "uai", defaultValue = "") String uai,
                           @RequestParam(name = "name", defaultValue = "") String name,
                           Model model, RedirectAttributes redirect) {
        try {
            Optional<SchoolView> school = schools.register(uai.trim(), name.strip(), null, null);
            String registered = new Uai(uai).value();
            redirect.addFlashAttribute("success", french.text("school.registered", name.strip(), registered));
            return school.isPresent() ? "redirect:/schools/" + registered : "redirect:/schools";
        } catch (CommandRejectedException | InvalidValueException e) {
            model.addAttribute("registerError", french.describe(e));
            model.addAttribute("registerField", e instanceof InvalidValueException invalid ? invalid.field()
                    : "SCHOOL_NAME".equals(((CommandRejectedException) e).code()) ? "name" : "uai");
            model.addAttribute("newUai", uai);
            model.addAttribute("newName", name);
            list(null, null, model);
            return "schools/list";
        }
    }

    @GetMapping("/schools/{uai}")
    public String school(@PathVariable Uai uai, Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("canWrite", access.canWrite(uai));
        List<ImportView> imports = queries.query(new FindImports(uai), ResponseTypes.multipleInstancesOf(ImportView.class))
                .join();
        Imports summary = imports(imports);
        Instant yearStart = dates.schoolYearStart();
        model.addAttribute("imports", summary);
        model.addAttribute("lastImport", summary.lastState());
        model.addAttribute("importThisYear", summary.last() != null && !summary.last().uploadedAt().isBefore(yearStart));
        model.addAttribute("importCount", imports.size());
        model.addAttribute("schoolYear", dates.schoolYear());
        model.addAttribute("server", serverStates.of(sync.status(uai.value())));
        return "schools/home";
    }

    private void list(String q, String sort, Model model) {
        String order = sort != null && SORTS.contains(sort) ? sort : SORTS.get(0);
        List<SchoolView> readable = schools.readable();
        Map<String, List<ImportView>> imports = queries.query(new FindLatestImports(dates.schoolYearStart()),
                        ResponseTypes.multipleInstancesOf(ImportView.class)).join().stream()
                .sorted(Comparator.comparing(ImportView::uploadedAt).reversed())
                .collect(Collectors.groupingBy(ImportView::uai));
        Map<String, TargetSync.TargetStatus> servers = sync.statuses();
        String wanted = fold(q);
        List<SchoolRow> rows = readable.stream()
                .filter(s -> wanted.isEmpty() || fold(s.name()).contains(wanted) || s.uai().contains(wanted.toUpperCase(Locale.ROOT)))
                .map(s -> row(s, imports.get(s.uai()), servers.get(s.uai())))
                .sorted(comparator(order))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("total", readable.size());
        model.addAttribute("withProblems", rows.stream().filter(r -> r.problems() > 0).count());
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("tri", order);
        model.addAttribute("schoolYear", dates.schoolYear());
        model.addAttribute("canRegister", SchoolAccess.currentUser().has(UserRole.ADMIN));
    }

    private SchoolRow row(SchoolView school, List<ImportView> latest, TargetSync.TargetStatus status) {
        Imports summary = imports(latest == null ? List.of() : latest);
        ImportState importState = summary.lastState() == null
                ? new ImportState("warn", french.text("school.import.none"), "", true, 2)
                : summary.lastState();
        ServerStates.ServerState server = serverStates.of(status);
        return new SchoolRow(school.uai(), school.name(), school.activeAccounts(), importState, summary, server,
                summary.weight() + server.weight());
    }

    /** The summary of a school's imports, newest first. */
    Imports imports(List<ImportView> newestFirst) {
        ImportView last = newestFirst.stream()
                .filter(v -> "APPLIED".equals(v.status()) || "ROLLED_BACK".equals(v.status())).findFirst().orElse(null);
        ImportView pending = since(newestFirst, last, "PLANNED");
        ImportView refused = since(newestFirst, last, "REJECTED");
        return new Imports(last, last == null ? null : importState(last), pending,
                pending == null ? null : dates.at(pending.uploadedAt()), refused,
                refused == null ? null : dates.at(refused.uploadedAt()));
    }

    /** The newest import of this status uploaded after {@code after} (after none: the newest). */
    private static ImportView since(List<ImportView> newestFirst, ImportView after, String status) {
        return newestFirst.stream().filter(v -> status.equals(v.status()))
                .filter(v -> after == null || v.uploadedAt().isAfter(after.uploadedAt())).findFirst().orElse(null);
    }

    /** An import's status as the pages say it, with its date. */
    ImportState importState(ImportView view) {
        return switch (view.status()) {
            case "APPLIED" -> new ImportState("ok", french.text("school.import.APPLIED"),
                    dates.at(view.appliedAt() != null ? view.appliedAt() : view.uploadedAt()), false, 0);
            case "PLANNED" -> new ImportState("warn", french.text("school.import.PLANNED"), dates.at(view.uploadedAt()),
                    false, 1);
            case "ROLLED_BACK" -> new ImportState("warn", french.text("school.import.ROLLED_BACK"),
                    dates.at(view.rolledBackAt() != null ? view.rolledBackAt() : view.uploadedAt()), false, 1);
            case "DISCARDED" -> new ImportState("warn", french.text("school.import.DISCARDED"),
                    dates.at(view.discard() != null ? view.discard().at() : view.uploadedAt()), false, 1);
            default -> new ImportState("ko", french.text("school.import.REJECTED"), dates.at(view.uploadedAt()), false, 2);
        };
    }

    private static Comparator<SchoolRow> comparator(String order) {
        Comparator<SchoolRow> byName = Comparator.comparing((SchoolRow r) -> fold(r.name())).thenComparing(SchoolRow::uai);
        return switch (order) {
            case "nom" -> byName;
            case "uai" -> Comparator.comparing(SchoolRow::uai);
            default -> Comparator.comparingInt(SchoolRow::problems).reversed().thenComparing(byName);
        };
    }

    /** « École Jules-Ferry » is found by « ecole jules ». */
    static String fold(String text) {
        return Folding.fold(text);
    }
}
