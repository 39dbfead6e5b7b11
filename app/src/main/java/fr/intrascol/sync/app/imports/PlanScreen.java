package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.web.Causes;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.imports.FieldDiff;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.ManualChange;
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
import java.util.LinkedHashSet;
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
 * problems, probable renames, a probable partial extraction, a file older than the last import, values
 * set by hand that the file would undo), with their choices so far; and, for a plan dropped without being
 * applied, who dropped it, when and why. Every text is plain data: the template writes it with th:text only.
 */
public record PlanScreen(String importId, String uai, String fileName, String format, String encoding,
                         String uploadedBy, String uploadedAt, String status, List<Tab> tabs, Tab current,
                         List<Arrival> arrivals, List<Departure> departures, List<Move> moves,
                         List<Rename> renames, List<Accents> accents, List<Unchanged> unchanged,
                         List<Problem> problems, List<PendingRename> pendingRenames, List<ManualLine> manualLines,
                         boolean massDeparture, int activePupils, boolean olderFile, List<String> warnings,
                         boolean confirmMassDeparture, boolean confirmOlderFile, Discarded discarded) {

    /** A tab of the preview: its key (the {@code onglet} parameter), label, and how many lines it lists. */
    public record Tab(String key, String label, int count) {
    }

    /**
     * A field set by hand since the account's last import, that a line of the file would undo: the field in
     * French, the value set by hand (the account's now), the file's value, who set it, when and why
     * ({@code reason} may be empty).
     */
    public record ManualField(String field, String manualValue, String fileValue, String by, String at,
                              String reason) {
    }

    /**
     * An account some lines of which would undo values set by hand, with the director's choice for it:
     * keep the values set by hand (the default) or take the file's ({@code takeFileValues}).
     * {@code line} is null for a departure (the pupil is not in the file).
     */
    public record ManualLine(String accountId, Integer line, String pupil, String login, List<ManualField> fields,
                             boolean takeFileValues) {
    }

    /** {@code manual}: the fields of this line set by hand since the last import (empty: none). */
    public record Arrival(Integer line, String pupil, String birthDate, String classGroup, String level, String login,
                          boolean returning, String accountId, List<ManualField> manual) {
    }

    public record Departure(String pupil, String login, String classGroup, String level, String accountId,
                            List<ManualField> manual) {
    }

    public record Move(int line, String pupil, String login, String fromClass, String toClass, String fromLevel,
                       String toLevel, String accountId, List<ManualField> manual) {
    }

    public record Rename(int line, String login, String from, String to, String accountId, List<ManualField> manual) {
    }

    /** A name that only gains the accents the register writes (case and spacing kept). */
    public record Accents(int line, String login, String from, String to, String accountId, List<ManualField> manual) {
    }

    /** A plan dropped without being applied: who, when (in French), why, and whether the retention rule did it. */
    public record Discarded(String by, String at, String reason, boolean automatic) {
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

    /**
     * What the director chose in the form (kept when applying is refused). {@code takeFileValues}: the
     * accounts (ids) whose lines take the file's values over values set by hand.
     */
    public record Choices(Set<Integer> excludeLines, Set<Integer> confirmRenames, Set<Integer> rejectRenames,
                          boolean confirmMassDeparture, Set<String> takeFileValues, boolean confirmOlderFile)
            implements Serializable {

        public Choices {
            takeFileValues = takeFileValues == null ? Set.of() : takeFileValues;
        }

        public static Choices none() {
            return new Choices(Set.of(), Set.of(), Set.of(), false, Set.of(), false);
        }

        static Choices of(ImportService.ApplyOptions options) {
            return new Choices(options.excludeLines(), options.confirmRenames(), options.rejectRenames(),
                    options.confirmMassDeparture(), options.takeFileValues(), options.confirmOlderFile());
        }

        ImportService.ApplyOptions options() {
            return new ImportService.ApplyOptions(confirmMassDeparture, excludeLines, confirmRenames, rejectRenames,
                    takeFileValues, confirmOlderFile);
        }
    }

    public static final String ARRIVALS = "arrivees";
    public static final String DEPARTURES = "departs";
    public static final String MOVES = "classes";
    public static final String RENAMES = "noms";
    public static final String ACCENTS = "accents";
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
        List<Accents> accents = new ArrayList<>();
        Map<String, ManualLine> manualLines = new LinkedHashMap<>();
        Set<Integer> changedLines = new HashSet<>();
        // names as every page writes them, NOM Prénom: from the file's line, else the account (a plan stores
        // the name as the planner wrote it)
        Map<Integer, PupilRow> rowsByLine = view.rows() == null ? Map.of() : view.rows().stream()
                .collect(Collectors.toMap(PupilRow::line, Function.identity(), (a, b) -> a));
        for (PlannedChange change : changes) {
            AccountView account = change.accountId() == null ? null : byId.get(change.accountId());
            String pupil = change.line() != null && rowsByLine.containsKey(change.line())
                    ? displayName(rowsByLine.get(change.line())) : account != null ? displayName(account)
                    : change.pupil();
            String login = account == null ? null : account.login();
            String id = change.accountId();
            if (change.line() != null) {
                changedLines.add(change.line());
            }
            List<ManualField> manual = manualFields(change, text);
            if (!manual.isEmpty()) {
                ManualLine known = manualLines.get(id);
                List<ManualField> fields = new ArrayList<>(known == null ? List.of() : known.fields());
                fields.addAll(manual);
                manualLines.put(id, new ManualLine(id,
                        known != null && known.line() != null ? known.line() : change.line(),
                        known != null ? known.pupil() : pupil, login, List.copyOf(fields),
                        choices.takeFileValues().contains(id)));
            }
            switch (change.kind()) {
                case ARRIVAL -> arrivals.add(new Arrival(change.line(), pupil,
                        text.date(to(change, "birthDate")), to(change, "classGroup"),
                        to(change, "level"), to(change, "login"), false, id, manual));
                case RETURN -> arrivals.add(new Arrival(change.line(), pupil,
                        account == null ? "" : text.date(account.birthDate()),
                        account == null ? null : account.classGroup(), account == null ? null : account.level(),
                        login, true, id, manual));
                case DEPARTURE -> departures.add(new Departure(pupil, login,
                        account == null ? null : account.classGroup(), account == null ? null : account.level(), id,
                        manual));
                case MOVE -> {
                    String fromClass = from(change, "classGroup", account == null ? null : account.classGroup());
                    String fromLevel = from(change, "level", account == null ? null : account.level());
                    moves.add(new Move(change.line(), pupil, login, fromClass,
                            orElse(to(change, "classGroup"), fromClass), fromLevel,
                            orElse(to(change, "level"), fromLevel), id, manual));
                }
                case RENAME -> renames.add(new Rename(change.line(), login,
                        account == null ? null : displayName(account), pupil, id, manual));
                case ACCENTS -> accents.add(new Accents(change.line(), login,
                        account == null ? null : displayName(account), accented(change, account), id, manual));
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

        List<PendingRename> pending = probable.stream().map(r -> new PendingRename(r.line(),
                byId.containsKey(r.accountId()) ? displayName(byId.get(r.accountId())) : r.currentName(),
                rowsByLine.containsKey(r.line()) ? displayName(rowsByLine.get(r.line())) : r.newName(), r.login(), text.date(r.birthDate()),
                choices.confirmRenames().contains(r.line()) ? "same"
                        : choices.rejectRenames().contains(r.line()) ? "different" : null)).toList();

        // the partial extraction and the older file have alerts of their own; probable renames are decided below
        Set<String> shownApart = Set.of("MASS_DEPARTURE", "PROBABLE_RENAME", "OLDER_FILE");
        List<String> warnings = plan == null ? List.of() : plan.warnings().stream()
                .filter(w -> !shownApart.contains(w.code()))
                .map(french::warning).toList();

        List<Tab> tabs = List.of(new Tab(ARRIVALS, "Arrivées", arrivals.size()),
                new Tab(DEPARTURES, "Départs", departures.size()),
                new Tab(MOVES, "Changements de classe", moves.size()),
                new Tab(RENAMES, "Corrections de nom", renames.size()),
                new Tab(ACCENTS, "Accents seulement", accents.size()),
                new Tab(UNCHANGED, "Inchangés", plan == null ? unchanged.size() : plan.summary().unchanged()));
        Tab current = tabs.stream().filter(t -> t.key().equals(tab)).findFirst().orElse(tabs.get(0));

        ImportView.Discard discard = view.discard();
        Discarded discarded = discard == null ? null : new Discarded(discard.by(), text.at(discard.at()),
                discard.reason(), "RETENTION".equals(discard.origin()));

        return new PlanScreen(view.importId(), view.uai(), view.fileName(),
                "ONDE".equals(view.format()) ? "ONDE" : "BASE_ELEVES".equals(view.format())
                        ? "Base Élèves 1er degré (sans INE)" : "",
                view.encoding(), view.uploadedBy(), text.at(view.uploadedAt()), view.status(), tabs,
                current, arrivals, departures, moves, renames, accents, unchanged, problems, pending,
                List.copyOf(manualLines.values()), plan != null && plan.massDeparture(), activePupils,
                plan != null && plan.olderFile(), warnings, choices.confirmMassDeparture(),
                choices.confirmOlderFile(), discarded);
    }

    /** The fields of a change set by hand since the last import, with the file's value for each. */
    private static List<ManualField> manualFields(PlannedChange change, FrenchText text) {
        if (!change.revertsManualChange()) {
            return List.of();
        }
        List<ManualField> fields = new ArrayList<>();
        for (ManualChange manual : change.manualChanges()) {
            FieldDiff diff = change.fields().stream().filter(f -> f.field().equals(manual.field())).findFirst()
                    .orElse(new FieldDiff(manual.field(), null, null));
            fields.add(new ManualField(text.field(manual.field()), text.value(manual.field(), diff.from()),
                    text.value(manual.field(), diff.to()), manual.by(), text.at(manual.at()),
                    manual.reason() == null ? "" : manual.reason().strip()));
        }
        return List.copyOf(fields);
    }

    /** The account's name with the accents the file adds (the plan's fields); the file's spelling otherwise. */
    private static String accented(PlannedChange change, AccountView account) {
        if (account == null) {
            return change.pupil();
        }
        String last = orElse(to(change, "lastName"), account.lastName());
        String usage = orElse(to(change, "usageName"), account.usageName());
        String first = orElse(to(change, "firstName"), account.firstName());
        return (usage != null ? usage : last) + " " + first;
    }

    /** The accounts (ids) whose lines of this plan would undo values set by hand. */
    static Set<String> manualAccounts(ImportView view) {
        if (view.plan() == null) {
            return Set.of();
        }
        Set<String> accounts = new LinkedHashSet<>();
        view.plan().changes().stream().filter(PlannedChange::revertsManualChange)
                .filter(c -> c.accountId() != null).forEach(c -> accounts.add(c.accountId()));
        return accounts;
    }

    /**
     * What the director has not decided yet, in French (the school's own sentences for these refusals):
     * lines with problems not left out, probable renames not answered, a mass departure or an older file
     * not confirmed.
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
            missing.add(french.text("rejected.LINES_WITH_PROBLEMS", FrenchText.list(faulty), faulty.size()));
        }
        Set<Integer> undecided = new TreeSet<>();
        view.plan().probableRenames().forEach(r -> undecided.add(r.line()));
        undecided.removeAll(choices.confirmRenames());
        undecided.removeAll(choices.rejectRenames());
        if (!undecided.isEmpty()) {
            missing.add(french.text("rejected.RENAMES_UNDECIDED", FrenchText.list(undecided), undecided.size()));
        }
        if (view.plan().massDeparture() && !choices.confirmMassDeparture()) {
            missing.add(french.text("rejected.MASS_DEPARTURE"));
        }
        if (view.plan().olderFile() && !choices.confirmOlderFile()) {
            missing.add(french.text("rejected.OLDER_FILE"));
        }
        return missing;
    }

    /**
     * Whether an apply was refused because the plan itself can no longer be applied (the school's accounts
     * changed since the analysis, or the plan is no longer pending): then only a new upload helps, and no
     * choice on the page would.
     */
    public static boolean outdated(Throwable failure) {
        Throwable cause = Causes.find(failure, CommandRejectedException.class);
        return cause instanceof CommandRejectedException rejected
                && (rejected.kind() == CommandRejectedException.Kind.STALE || OUTDATED.contains(rejected.code()));
    }

    /** Refusals of a plan that no choice can fix. */
    private static final Set<String> OUTDATED = Set.of("PLAN_STALE", "IMPORT_NOT_PLANNED", "IMPORT_ALREADY_APPLIED",
            "IMPORT_ROWS_CHANGED", "IMPORT_DISCARDED");

    /** Nothing to decide and nothing to change: the file matches the accounts. */
    public boolean nothingToDo() {
        return arrivals.isEmpty() && departures.isEmpty() && moves.isEmpty() && renames.isEmpty()
                && accents.isEmpty() && pendingRenames.isEmpty();
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
        return (account.usageName() != null ? account.usageName() : account.lastName()) + " " + account.firstName();
    }

    private static String displayName(PupilRow row) {
        return row.name().displayLastName() + " " + row.name().firstName();
    }
}
