package fr.intrascol.sync.command.imports;

import fr.intrascol.sync.command.login.LoginPolicy;
import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.imports.FieldDiff;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.ManualChange;
import fr.intrascol.sync.message.imports.PlanWarning;
import fr.intrascol.sync.message.imports.PlannedChange;
import fr.intrascol.sync.message.imports.ProbableRename;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.PupilRow;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares a school's pupils with an extraction and says what would change: arrivals, returns,
 * departures, class moves, renames, and what needs the director's eye first. Plain Java: the same
 * planner previews an upload and, inside the school's aggregate, decides what applying it does.
 *
 * <p>A row matches an account by INE when both have one; otherwise by folded surname, first name
 * and birth date, never across two different INEs, so twins (same surname and birth date) and
 * homonyms (same names, other birth date) stay distinct. A row that matches nobody but looks like a
 * pupil who would leave (same birth date, names a little different) is a probable rename: it is
 * neither applied as a rename nor split into a departure and an arrival until the director decides.
 */
public final class ImportPlanner {

    /**
     * A pupil account of the school, as the planner needs it; {@code manual} holds the fields whose
     * present value a person set by hand since the last import that set them (by field name).
     */
    public record CurrentPupil(AccountId accountId, PersonalData person, ClassGroup classGroup, Level level,
                               AccountStatus status, Login login, Map<String, ManualChange> manual) {
        public CurrentPupil {
            manual = manual == null ? Map.of() : manual;
        }

        /** A pupil with no value set by hand. */
        public CurrentPupil(AccountId accountId, PersonalData person, ClassGroup classGroup, Level level,
                            AccountStatus status, Login login) {
            this(accountId, person, classGroup, level, status, login, Map.of());
        }
    }

    /** One thing applying does, typed for the aggregate; {@link Plan#view()} is what people read. */
    public sealed interface Step permits Arrive, Return, Depart, Move, Rename {
    }

    public record Arrive(PupilRow row, Login login) implements Step {
    }

    public record Return(AccountId accountId, int line) implements Step {
    }

    public record Depart(AccountId accountId) implements Step {
    }

    public record Move(AccountId accountId, ClassGroup fromClass, Level fromLevel, ClassGroup toClass, Level toLevel,
                       int line) implements Step {
    }

    public record Rename(AccountId accountId, PersonName from, PersonName to, int line) implements Step {
    }

    /**
     * The typed steps, in the order they are applied, the plan as people read it, the lines of every
     * probable rename found, decided or not (a decision must name one of them), and the accounts whose
     * lines would overwrite a value set by hand (a choice of the file's value must name one of them).
     */
    public record Plan(List<Step> steps, ImportPlan view, Set<Integer> probableRenameLines,
                       Set<String> manualChangeAccounts) {
    }

    /**
     * What the director decided, and the day the plan is made (for the plausibility warnings).
     *
     * @param takeFileValues accounts for which the file's values replace values set by hand
     */
    public record Choices(RenameDecisions renames, Set<String> takeFileValues, LocalDate today) {
        public Choices {
            renames = renames == null ? RenameDecisions.none() : renames;
            takeFileValues = takeFileValues == null ? Set.of() : takeFileValues;
        }

        public static Choices none(LocalDate today) {
            return new Choices(RenameDecisions.none(), Set.of(), today);
        }
    }

    /** Fewest pupils moved down a level before a file can look older than the last import. */
    static final int OLDER_FILE_MIN_MOVES = 3;

    private final double massDepartureShare;
    private final double olderFileShare;

    /**
     * @param massDepartureShare above this share of active pupils leaving, a plan is flagged (0.30)
     * @param olderFileShare     above this share of class moves going to a lower level, a plan is flagged
     *                           as an older file (0.30)
     */
    public ImportPlanner(double massDepartureShare, double olderFileShare) {
        this.massDepartureShare = massDepartureShare;
        this.olderFileShare = olderFileShare;
    }

    public ImportPlanner(double massDepartureShare) {
        this(massDepartureShare, 0.30);
    }

    /** As {@link #plan(long, List, List, int, Choices, LoginPolicy, Set)} with only rename decisions. */
    public Plan plan(long revision, List<CurrentPupil> current, List<PupilRow> rows, int rowErrors,
                     RenameDecisions decisions, LoginPolicy logins, Set<String> takenLogins) {
        return plan(revision, current, rows, rowErrors, new Choices(decisions, Set.of(), null), logins, takenLogins);
    }

    public Plan plan(long revision, List<CurrentPupil> current, List<PupilRow> rows, int rowErrors,
                     Choices choices, LoginPolicy logins, Set<String> takenLogins) {
        RenameDecisions decisions = choices.renames();
        Matching matching = new Matching(current, rows);
        List<Step> departures = new ArrayList<>();
        List<Step> returns = new ArrayList<>();
        List<Step> renames = new ArrayList<>();
        List<Step> moves = new ArrayList<>();
        List<Step> arrivals = new ArrayList<>();
        List<PlannedChange> changes = new ArrayList<>();
        List<ProbableRename> pending = new ArrayList<>();
        List<PlanWarning> warnings = new ArrayList<>();
        Counts counts = new Counts();
        Set<String> manualAccounts = new HashSet<>();
        List<Integer> lackingAccents = new ArrayList<>();
        List<Integer> manualLines = new ArrayList<>();
        int movesDown = 0;
        int moveLines = 0;

        // probable renames: confirmed ones become matches, rejected ones stay apart, others wait
        Set<AccountId> awaitingDecision = new HashSet<>();
        for (Map.Entry<PupilRow, CurrentPupil> probable : matching.probableRenames.entrySet()) {
            PupilRow row = probable.getKey();
            CurrentPupil pupil = probable.getValue();
            if (decisions.confirmed().contains(row.line())) {
                matching.matches.put(row, pupil);
                matching.unmatchedRows.remove(row);
            } else if (!decisions.rejected().contains(row.line())) {
                pending.add(new ProbableRename(row.line(), pupil.accountId().value(), pupil.login().value(),
                        display(pupil.person().name()), display(row.name()), row.birthDate()));
                awaitingDecision.add(pupil.accountId());
                matching.unmatchedRows.remove(row);
            }
        }
        matching.matches.values().forEach(p -> matching.unmatchedPupils.remove(p));

        for (PupilRow row : rows) {
            CurrentPupil pupil = matching.matches.get(row);
            if (pupil == null) {
                continue;
            }
            Line line = new Line(pupil, row, choices.takeFileValues().contains(pupil.accountId().value()));
            boolean changed = false;
            boolean kept = false;
            if (pupil.status() == AccountStatus.SUSPENDED) {
                boolean applied = line.field("status", "SUSPENDED", "ACTIVE");
                changes.add(line.change(ChangeKind.RETURN));
                if (applied) {
                    returns.add(new Return(pupil.accountId(), row.line()));
                    counts.arrivals++;
                    changed = true;
                } else {
                    kept = true;
                }
            }
            line.reset();
            PersonName from = pupil.person().name();
            PersonName to = line.name(from, row.name());
            if (line.hasFields()) {
                ChangeKind kind = line.realCorrection ? ChangeKind.RENAME : ChangeKind.ACCENTS;
                changes.add(line.change(kind));
                if (!to.equals(from)) {
                    renames.add(new Rename(pupil.accountId(), from, to, row.line()));
                    if (kind == ChangeKind.RENAME) {
                        counts.renames++;
                    } else {
                        counts.accents++;
                    }
                    changed = true;
                } else {
                    kept = true;
                }
            }
            lackingAccents.addAll(line.lacksAccents ? List.of(row.line()) : List.of());
            line.reset();
            ClassGroup toClass = line.classGroup(pupil.classGroup(), row.classGroup());
            Level toLevel = line.level(pupil.level(), row.level());
            if (line.hasFields()) {
                changes.add(line.change(ChangeKind.MOVE));
                moveLines++;
                if (pupil.level() != null && row.level() != null && row.level().compareTo(pupil.level()) < 0) {
                    movesDown++;
                }
                if (!Objects.equals(toClass, pupil.classGroup()) || toLevel != pupil.level()) {
                    moves.add(new Move(pupil.accountId(), pupil.classGroup(), pupil.level(), toClass, toLevel,
                            row.line()));
                    counts.moves++;
                    changed = true;
                } else {
                    kept = true;
                }
            }
            if (line.touchedManual) {
                manualAccounts.add(pupil.accountId().value());
                manualLines.add(row.line());
                if (!line.take) {
                    counts.manualKept++;
                }
            }
            if (!changed && !kept) {
                counts.unchanged++;
            }
        }

        Set<String> taken = new HashSet<>(takenLogins);
        for (PupilRow row : matching.unmatchedRows) {
            Login login = logins.propose(row.name(), taken::contains);
            taken.add(login.value());
            arrivals.add(new Arrive(row, login));
            counts.arrivals++;
            List<FieldDiff> fields = new ArrayList<>();
            diff(fields, "login", null, login.value());
            diff(fields, "lastName", null, row.name().lastName());
            diff(fields, "usageName", null, row.name().usageName());
            diff(fields, "firstName", null, row.name().firstName());
            diff(fields, "birthDate", null, text(row.birthDate()));
            diff(fields, "ine", null, row.ine());
            diff(fields, "classGroup", null, text(row.classGroup()));
            diff(fields, "level", null, text(row.level()));
            changes.add(new PlannedChange(ChangeKind.ARRIVAL, null, row.line(), display(row.name()), fields));
        }

        long active = current.stream().filter(p -> p.status() == AccountStatus.ACTIVE).count();
        for (CurrentPupil pupil : matching.unmatchedPupils) {
            if (pupil.status() != AccountStatus.ACTIVE || awaitingDecision.contains(pupil.accountId())) {
                continue;
            }
            Line line = new Line(pupil, null, choices.takeFileValues().contains(pupil.accountId().value()));
            boolean applied = line.field("status", "ACTIVE", "SUSPENDED");
            changes.add(line.change(ChangeKind.DEPARTURE));
            if (applied) {
                departures.add(new Depart(pupil.accountId()));
            } else {
                counts.manualKept++;
            }
            if (line.touchedManual) {
                manualAccounts.add(pupil.accountId().value());
            }
        }

        boolean massDeparture = active > 0 && departures.size() > massDepartureShare * active;
        if (massDeparture) {
            warnings.add(new PlanWarning("MASS_DEPARTURE", departures.size() + " of the " + active
                    + " active pupils are missing from this file and would be suspended ("
                    + Math.round(100.0 * departures.size() / active) + " %). This looks like a partial extraction"
                    + " (one class only?). Export the whole school from ONDE; apply this file only if these pupils"
                    + " really left, by confirming it.", List.of()));
        }
        boolean olderFile = movesDown >= OLDER_FILE_MIN_MOVES && movesDown > olderFileShare * moveLines;
        if (olderFile) {
            warnings.add(new PlanWarning("OLDER_FILE", "This file looks older than the last import: " + movesDown
                    + " of the " + moveLines + " class moves would put pupils back to a lower level ("
                    + Math.round(100.0 * movesDown / moveLines) + " %). Export today's extraction from ONDE; apply"
                    + " this file only if these pupils really go down a level, by confirming it.", List.of()));
        }
        for (ProbableRename rename : pending) {
            warnings.add(new PlanWarning("PROBABLE_RENAME", "Line " + rename.line() + " (" + rename.newName()
                    + ") matches no account but looks like " + rename.currentName() + " (" + rename.login()
                    + "), born the same day, who would otherwise leave. Confirm it is the same pupil, or reject.",
                    List.of(rename.line())));
        }
        if (!manualLines.isEmpty() || counts.manualKept > 0) {
            warnings.add(new PlanWarning("MANUAL_CHANGES", counts.manualKept + " change(s) of this file would undo"
                    + " values set by hand since the last import: they are marked, and the values set by hand are"
                    + " kept unless you take the file's value for that pupil.", List.copyOf(manualLines)));
        }
        if (!lackingAccents.isEmpty()) {
            warnings.add(new PlanWarning("ACCENTS_MISSING", "Lines " + lackingAccents.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " spell names without"
                    + " accents the accounts have (a file re-saved in another encoding?): the accounts keep their"
                    + " accents.", List.copyOf(lackingAccents)));
        }
        warnings.addAll(sameNameWarnings(rows));
        if (choices.today() != null) {
            warnings.addAll(Plausibility.check(rows, choices.today()));
        }

        List<Step> steps = new ArrayList<>();
        steps.addAll(departures);
        steps.addAll(returns);
        steps.addAll(renames);
        steps.addAll(moves);
        steps.addAll(arrivals);
        ImportSummary summary = new ImportSummary(counts.arrivals, departures.size(), counts.moves, counts.renames,
                counts.unchanged, warnings.size(), rowErrors, counts.accents, counts.manualKept);
        Set<Integer> probableLines = matching.probableRenames.keySet().stream().map(PupilRow::line)
                .collect(Collectors.toSet());
        return new Plan(steps, new ImportPlan(revision, changes, pending, warnings, summary, massDeparture, olderFile),
                probableLines, manualAccounts);
    }

    /** What a plan counts. */
    private static final class Counts {
        int arrivals;
        int moves;
        int renames;
        int accents;
        int unchanged;
        int manualKept;
    }

    /**
     * One account's line of the plan, one kind of change at a time ({@link #reset()} between them): the
     * fields the file would change, which of them were set by hand, and the values applying gives.
     */
    private static final class Line {
        final CurrentPupil pupil;
        final PupilRow row;
        final boolean take;
        List<FieldDiff> fields = new ArrayList<>();
        List<ManualChange> manual = new ArrayList<>();
        boolean realCorrection;
        boolean lacksAccents;
        boolean touchedManual;

        Line(CurrentPupil pupil, PupilRow row, boolean take) {
            this.pupil = pupil;
            this.row = row;
            this.take = take;
        }

        void reset() {
            fields = new ArrayList<>();
            manual = new ArrayList<>();
            realCorrection = false;
        }

        boolean hasFields() {
            return !fields.isEmpty();
        }

        /** Records that the file sets {@code field} from {@code from} to {@code to}; says whether it is applied. */
        boolean field(String field, String from, String to) {
            fields.add(new FieldDiff(field, from, to));
            ManualChange mark = pupil.manual().get(field);
            if (mark == null) {
                return true;
            }
            manual.add(mark);
            touchedManual = true;
            return take;
        }

        PlannedChange change(ChangeKind kind) {
            Integer line = row == null ? null : row.line();
            String name = display(row == null ? pupil.person().name() : row.name());
            return new PlannedChange(kind, pupil.accountId().value(), line, name, List.copyOf(fields),
                    !manual.isEmpty(), List.copyOf(manual), !manual.isEmpty() && !take);
        }

        PersonName name(PersonName from, PersonName file) {
            String last = spelled("lastName", from.lastName(), file.lastName());
            String usage = spelled("usageName", from.usageName(), file.usageName());
            String first = spelled("firstName", from.firstName(), file.firstName());
            return new PersonName(last, usage, first);
        }

        /** The value applying gives a name field, the field recorded when the file would change it. */
        private String spelled(String field, String stored, String file) {
            return switch (Spelling.compare(stored, file)) {
                case SAME -> stored;
                case LACKS_ACCENTS -> {
                    lacksAccents = true;
                    yield stored;
                }
                case ADDS_ACCENTS -> {
                    String accented = Spelling.withAccentsOf(stored, file);
                    yield field(field, stored, accented) ? accented : stored;
                }
                case OTHER -> {
                    realCorrection = true;
                    yield field(field, stored, file) ? file : stored;
                }
            };
        }

        ClassGroup classGroup(ClassGroup stored, ClassGroup file) {
            String storedLabel = text(stored);
            String fileLabel = text(file);
            Spelling spelling = Spelling.compare(storedLabel, fileLabel);
            if (spelling == Spelling.SAME || spelling == Spelling.LACKS_ACCENTS) {
                return stored;
            }
            return field("classGroup", storedLabel, fileLabel) ? file : stored;
        }

        Level level(Level stored, Level file) {
            if (stored == file) {
                return stored;
            }
            return field("level", text(stored), text(file)) ? file : stored;
        }
    }

    /** Twins and homonyms in the file: shown so the director sees they are kept apart. */
    private static List<PlanWarning> sameNameWarnings(List<PupilRow> rows) {
        List<PlanWarning> warnings = new ArrayList<>();
        Map<String, List<PupilRow>> twins = rows.stream().collect(Collectors.groupingBy(
                r -> LoginPolicy.fold(r.name().lastName()) + "|" + r.birthDate(), LinkedHashMap::new, Collectors.toList()));
        twins.values().stream().filter(g -> g.size() > 1).forEach(g -> warnings.add(new PlanWarning("TWINS",
                "Lines " + lines(g) + " share a surname and a birth date (twins?): they stay distinct pupils.",
                g.stream().map(PupilRow::line).toList())));
        Map<String, List<PupilRow>> homonyms = rows.stream().collect(Collectors.groupingBy(
                r -> LoginPolicy.fold(r.name().lastName()) + "|" + LoginPolicy.fold(r.name().firstName()),
                LinkedHashMap::new, Collectors.toList()));
        homonyms.values().stream().filter(g -> g.size() > 1).forEach(g -> warnings.add(new PlanWarning("HOMONYMS",
                "Lines " + lines(g) + " have the same names: they stay distinct pupils (other birth dates or INE).",
                g.stream().map(PupilRow::line).toList())));
        return warnings;
    }

    private static String lines(List<PupilRow> rows) {
        return rows.stream().map(r -> Integer.toString(r.line())).collect(Collectors.joining(", "));
    }

    /** Which row is which account. */
    private static final class Matching {
        final Map<PupilRow, CurrentPupil> matches = new LinkedHashMap<>();
        final Map<PupilRow, CurrentPupil> probableRenames = new LinkedHashMap<>();
        final List<PupilRow> unmatchedRows = new ArrayList<>();
        final List<CurrentPupil> unmatchedPupils;

        Matching(List<CurrentPupil> current, List<PupilRow> rows) {
            Map<String, CurrentPupil> byIne = new HashMap<>();
            Map<String, List<CurrentPupil>> byIdentity = new HashMap<>();
            for (CurrentPupil pupil : current) {
                if (pupil.person().ine() != null) {
                    byIne.put(pupil.person().ine(), pupil);
                }
                byIdentity.computeIfAbsent(identity(pupil.person().name(), pupil.person().birthDate()),
                        k -> new ArrayList<>()).add(pupil);
            }
            Set<CurrentPupil> taken = new HashSet<>();
            for (PupilRow row : rows) {
                CurrentPupil match = row.ine() != null ? byIne.get(row.ine()) : null;
                if (match == null) {
                    List<CurrentPupil> candidates = byIdentity.getOrDefault(identity(row.name(), row.birthDate()),
                            List.of()).stream()
                            .filter(p -> !taken.contains(p))
                            .filter(p -> p.person().ine() == null || row.ine() == null
                                    || p.person().ine().equals(row.ine()))
                            .toList();
                    match = candidates.size() == 1 ? candidates.get(0) : null;
                }
                if (match != null && taken.add(match)) {
                    matches.put(row, match);
                } else {
                    unmatchedRows.add(row);
                }
            }
            unmatchedPupils = new ArrayList<>(current.stream().filter(p -> !taken.contains(p)).toList());
            findProbableRenames();
        }

        private void findProbableRenames() {
            Map<PupilRow, List<CurrentPupil>> candidates = new LinkedHashMap<>();
            Map<CurrentPupil, Integer> claims = new HashMap<>();
            for (PupilRow row : unmatchedRows) {
                List<CurrentPupil> near = unmatchedPupils.stream()
                        .filter(p -> p.person().birthDate() != null && p.person().birthDate().equals(row.birthDate()))
                        .filter(p -> p.person().ine() == null || row.ine() == null)
                        .filter(p -> similar(p.person().name(), row.name()))
                        .toList();
                candidates.put(row, near);
                near.forEach(p -> claims.merge(p, 1, Integer::sum));
            }
            candidates.forEach((row, near) -> {
                if (near.size() == 1 && claims.get(near.get(0)) == 1) {
                    probableRenames.put(row, near.get(0));
                }
            });
        }
    }

    /**
     * A small difference: an accent, a typo, a hyphen, a name completed or shortened, with one of the
     * two names (first name, or a surname: birth or usage) unchanged. Two different short first names
     * (Rose, Zoé) are not a small difference, whatever their edit distance.
     */
    static boolean similar(PersonName a, PersonName b) {
        String firstA = LoginPolicy.fold(a.firstName());
        String firstB = LoginPolicy.fold(b.firstName());
        Set<String> lastA = surnames(a);
        Set<String> lastB = surnames(b);
        boolean sameLast = lastA.stream().anyMatch(lastB::contains);
        if (sameLast && close(firstA, firstB)) {
            return true;
        }
        return firstA.equals(firstB) && lastA.stream().anyMatch(x -> lastB.stream().anyMatch(y -> close(x, y)));
    }

    private static Set<String> surnames(PersonName name) {
        Set<String> surnames = new HashSet<>();
        surnames.add(LoginPolicy.fold(name.lastName()));
        surnames.add(LoginPolicy.fold(name.displayLastName()));
        return surnames;
    }

    /** Equal, one the start of the other (Marie, Marie-Ange), or a typo that keeps the first letter. */
    private static boolean close(String x, String y) {
        if (x.equals(y)) {
            return true;
        }
        if (x.isEmpty() || y.isEmpty()) {
            return false;
        }
        if (Math.min(x.length(), y.length()) >= 3 && (x.startsWith(y) || y.startsWith(x))) {
            return true;
        }
        int allowed = Math.min(x.length(), y.length()) >= 6 ? 2 : 1;
        return x.charAt(0) == y.charAt(0) && levenshtein(x, y) <= allowed;
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String identity(PersonName name, LocalDate birthDate) {
        return LoginPolicy.fold(name.lastName()) + "|" + LoginPolicy.fold(name.firstName()) + "|" + birthDate;
    }

    private static String display(PersonName name) {
        return name.firstName() + " " + name.displayLastName();
    }

    private static void diff(List<FieldDiff> fields, String field, String from, String to) {
        if (!Objects.equals(from, to)) {
            fields.add(new FieldDiff(field, from, to));
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
