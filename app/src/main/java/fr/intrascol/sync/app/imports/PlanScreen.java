package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.message.imports.FieldDiff;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.PlannedChange;
import fr.intrascol.sync.message.imports.ProbableRename;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.ImportView;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The preview of a planned import as the page shows it: the plan's changes sorted into tabs, with the
 * pupils' logins and classes looked up, and what the director must decide before applying (lines with
 * problems, probable renames, a probable partial extraction), with their choices so far. Every text is
 * plain data: the template writes it with th:text only.
 */
public record PlanScreen(String importId, String uai, String fileName, String format, String encoding,
                         String uploadedBy, String uploadedAt, String status, List<Tab> tabs, Tab current,
                         List<Arrival> arrivals, List<Departure> departures, List<Move> moves,
                         List<Rename> renames, List<Unchanged> unchanged, List<Problem> problems,
                         List<PendingRename> pendingRenames, boolean massDeparture, int activePupils,
                         List<String> warnings, boolean confirmMassDeparture) {

    /** A tab of the preview: its key (the {@code onglet} parameter), label, and how many lines it lists. */
    public record Tab(String key, String label, int count) {
    }

    public record Arrival(Integer line, String pupil, String birthDate, String classGroup, String level, String login,
                          boolean returning) {
    }

    public record Departure(String pupil, String login, String classGroup, String level) {
    }

    public record Move(int line, String pupil, String login, String fromClass, String toClass, String fromLevel,
                       String toLevel) {
    }

    public record Rename(int line, String login, String from, String to) {
    }

    public record Unchanged(int line, String pupil, String classGroup, String level) {
    }

    /** One faulty line: every problem of it, in French, and whether the director leaves it out. */
    public record Problem(int line, List<String> messages, boolean excluded) {
    }

    /** {@code answer}: "same", "different" or null (not answered yet). */
    public record PendingRename(int line, String currentName, String newName, String login, String birthDate,
                                String answer) {
    }

    /** What the director chose in the form (kept when applying is refused). */
    public record Choices(Set<Integer> excludeLines, Set<Integer> confirmRenames, Set<Integer> rejectRenames,
                          boolean confirmMassDeparture) implements Serializable {

        public static Choices none() {
            return new Choices(Set.of(), Set.of(), Set.of(), false);
        }

        static Choices of(ImportService.ApplyOptions options) {
            return new Choices(options.excludeLines(), options.confirmRenames(), options.rejectRenames(),
                    options.confirmMassDeparture());
        }

        ImportService.ApplyOptions options() {
            return new ImportService.ApplyOptions(confirmMassDeparture, excludeLines, confirmRenames, rejectRenames);
        }
    }

    public static final String ARRIVALS = "arrivees";
    public static final String DEPARTURES = "departs";
    public static final String MOVES = "classes";
    public static final String RENAMES = "noms";
    public static final String UNCHANGED = "inchanges";

    /**
     * @param accounts the school's accounts now (for logins and current classes)
     * @param tab the tab asked for; an unknown one is the first tab
     */
    static PlanScreen of(ImportView view, List<AccountView> accounts, int activePupils, String tab, Choices choices,
                         FrenchMessages french, FrenchText text) {
        ImportPlan plan = view.plan();
        Map<String, AccountView> byId = accounts.stream()
                .collect(Collectors.toMap(AccountView::accountId, Function.identity(), (a, b) -> a));
        List<PlannedChange> changes = plan == null ? List.of() : plan.changes();
        List<ProbableRename> probable = plan == null ? List.of() : plan.probableRenames();

        List<Arrival> arrivals = new ArrayList<>();
        List<Departure> departures = new ArrayList<>();
        List<Move> moves = new ArrayList<>();
        List<Rename> renames = new ArrayList<>();
        Set<Integer> changedLines = new HashSet<>();
        for (PlannedChange change : changes) {
            AccountView account = change.accountId() == null ? null : byId.get(change.accountId());
            if (change.line() != null) {
                changedLines.add(change.line());
            }
            switch (change.kind()) {
                case ARRIVAL -> arrivals.add(new Arrival(change.line(), change.pupil(),
                        text.date(to(change, "birthDate")), to(change, "classGroup"),
                        to(change, "level"), to(change, "login"), false));
                case RETURN -> arrivals.add(new Arrival(change.line(), change.pupil(),
                        account == null ? "" : text.date(account.birthDate()),
                        account == null ? null : account.classGroup(), account == null ? null : account.level(),
                        account == null ? null : account.login(), true));
                case DEPARTURE -> departures.add(new Departure(change.pupil(),
                        account == null ? null : account.login(), account == null ? null : account.classGroup(),
                        account == null ? null : account.level()));
                case MOVE -> {
                    String fromClass = from(change, "classGroup", account == null ? null : account.classGroup());
                    String fromLevel = from(change, "level", account == null ? null : account.level());
                    moves.add(new Move(change.line(), change.pupil(), account == null ? null : account.login(),
                            fromClass, orElse(to(change, "classGroup"), fromClass), fromLevel,
                            orElse(to(change, "level"), fromLevel)));
                }
                case RENAME -> renames.add(new Rename(change.line(), account == null ? null : account.login(),
                        account == null ? null : displayName(account), change.pupil()));
            }
        }

        Set<Integer> pendingLines = probable.stream().map(ProbableRename::line).collect(Collectors.toSet());
        List<Unchanged> unchanged = view.rows() == null ? List.of() : view.rows().stream()
                .filter(r -> !changedLines.contains(r.line()) && !pendingLines.contains(r.line()))
                .map(r -> new Unchanged(r.line(), displayName(r), Objects.toString(r.classGroup(), null),
                        Objects.toString(r.level(), null)))
                .toList();

        Map<Integer, List<String>> problemsByLine = new LinkedHashMap<>();
        for (RowProblem problem : view.problems() == null ? List.<RowProblem>of() : view.problems()) {
            problemsByLine.computeIfAbsent(problem.line(), l -> new ArrayList<>()).add(french.rowProblem(problem));
        }
        List<Problem> problems = problemsByLine.entrySet().stream()
                .map(e -> new Problem(e.getKey(), e.getValue(), choices.excludeLines().contains(e.getKey())))
                .toList();

        List<PendingRename> pending = probable.stream().map(r -> new PendingRename(r.line(), r.currentName(),
                r.newName(), r.login(), text.date(r.birthDate()),
                choices.confirmRenames().contains(r.line()) ? "same"
                        : choices.rejectRenames().contains(r.line()) ? "different" : null)).toList();

        List<String> warnings = plan == null ? List.of() : plan.warnings().stream()
                .filter(w -> !w.code().equals("MASS_DEPARTURE") && !w.code().equals("PROBABLE_RENAME"))
                .map(french::warning).toList();

        List<Tab> tabs = List.of(new Tab(ARRIVALS, "Arrivées", arrivals.size()),
                new Tab(DEPARTURES, "Départs", departures.size()),
                new Tab(MOVES, "Changements de classe", moves.size()),
                new Tab(RENAMES, "Corrections de nom", renames.size()),
                new Tab(UNCHANGED, "Inchangés", plan == null ? unchanged.size() : plan.summary().unchanged()));
        Tab current = tabs.stream().filter(t -> t.key().equals(tab)).findFirst().orElse(tabs.get(0));

        return new PlanScreen(view.importId(), view.uai(), view.fileName(),
                "ONDE".equals(view.format()) ? "ONDE" : "BASE_ELEVES".equals(view.format())
                        ? "Base Élèves 1er degré (sans INE)" : "",
                view.encoding(), view.uploadedBy(), text.at(view.uploadedAt()), view.status(), tabs,
                current, arrivals, departures, moves, renames, unchanged, problems, pending,
                plan != null && plan.massDeparture(), activePupils, warnings, choices.confirmMassDeparture());
    }

    /**
     * What the director has not decided yet, in French (the school's own sentences for these refusals):
     * lines with problems not left out, probable renames not answered, a mass departure not confirmed.
     * Empty when the school may be asked to apply; it still checks everything itself.
     */
    static List<String> missing(ImportView view, Choices choices, FrenchMessages french) {
        if (!"PLANNED".equals(view.status()) || view.plan() == null) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        Set<Integer> faulty = new TreeSet<>();
        view.problems().forEach(p -> faulty.add(p.line()));
        faulty.removeAll(choices.excludeLines());
        if (!faulty.isEmpty()) {
            missing.add(french.text("rejected.LINES_WITH_PROBLEMS", lines(faulty)));
        }
        Set<Integer> undecided = new TreeSet<>();
        view.plan().probableRenames().forEach(r -> undecided.add(r.line()));
        undecided.removeAll(choices.confirmRenames());
        undecided.removeAll(choices.rejectRenames());
        if (!undecided.isEmpty()) {
            missing.add(french.text("rejected.RENAMES_UNDECIDED", lines(undecided)));
        }
        if (view.plan().massDeparture() && !choices.confirmMassDeparture()) {
            missing.add(french.text("rejected.MASS_DEPARTURE"));
        }
        return missing;
    }

    private static String lines(Set<Integer> lines) {
        return lines.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** Nothing to decide and nothing to change: the file matches the accounts. */
    public boolean nothingToDo() {
        return arrivals.isEmpty() && departures.isEmpty() && moves.isEmpty() && renames.isEmpty()
                && pendingRenames.isEmpty();
    }

    private static String to(PlannedChange change, String field) {
        return change.fields().stream().filter(f -> f.field().equals(field)).map(FieldDiff::to).findFirst()
                .orElse(null);
    }

    private static String from(PlannedChange change, String field, String otherwise) {
        return change.fields().stream().filter(f -> f.field().equals(field)).map(FieldDiff::from).findFirst()
                .orElse(otherwise);
    }

    private static String orElse(String value, String otherwise) {
        return value != null ? value : otherwise;
    }

    private static String displayName(AccountView account) {
        return account.firstName() + " " + (account.usageName() != null ? account.usageName() : account.lastName());
    }

    private static String displayName(PupilRow row) {
        return row.name().firstName() + " " + row.name().displayLastName();
    }
}
