package fr.intrascol.sync.command.imports;

import fr.intrascol.sync.command.extraction.Extraction;
import fr.intrascol.sync.command.extraction.ExtractionReader;
import fr.intrascol.sync.command.imports.ImportPlanner.Arrive;
import fr.intrascol.sync.command.imports.ImportPlanner.CurrentPupil;
import fr.intrascol.sync.command.imports.ImportPlanner.Plan;
import fr.intrascol.sync.command.login.LoginPolicy;
import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.imports.PlannedChange;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.testsupport.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ImportPlannerTest {

    private final ImportPlanner planner = new ImportPlanner(0.30);
    private final LoginPolicy logins = new LoginPolicy(LoginRules.defaults());
    private final ExtractionReader reader = new ExtractionReader(ExtractionReader.Limits.defaults());

    static byte[] fixture(String path) {
        return Fixtures.be1d(path);
    }

    private Plan plan(List<CurrentPupil> current, Extraction extraction, RenameDecisions decisions) {
        Set<String> taken = current.stream().map(p -> p.login().value()).collect(Collectors.toSet());
        return planner.plan(0, current, extraction.rows(), extraction.problems().size(), decisions, logins, taken);
    }

    /** The school as it is once a plan is applied. */
    static List<CurrentPupil> applied(List<CurrentPupil> before, Plan plan) {
        List<CurrentPupil> after = new ArrayList<>(before);
        for (ImportPlanner.Step step : plan.steps()) {
            if (step instanceof Arrive arrive) {
                PupilRow row = arrive.row();
                after.add(new CurrentPupil(AccountId.random(), row.personalData(), row.classGroup(), row.level(),
                        AccountStatus.ACTIVE, arrive.login()));
            } else if (step instanceof ImportPlanner.Depart depart) {
                replace(after, depart.accountId(), p -> new CurrentPupil(p.accountId(), p.person(), p.classGroup(),
                        p.level(), AccountStatus.SUSPENDED, p.login()));
            } else if (step instanceof ImportPlanner.Return back) {
                replace(after, back.accountId(), p -> new CurrentPupil(p.accountId(), p.person(), p.classGroup(),
                        p.level(), AccountStatus.ACTIVE, p.login()));
            } else if (step instanceof ImportPlanner.Move move) {
                replace(after, move.accountId(), p -> new CurrentPupil(p.accountId(), p.person(), move.toClass(),
                        move.toLevel(), p.status(), p.login()));
            } else if (step instanceof ImportPlanner.Rename rename) {
                replace(after, rename.accountId(), p -> new CurrentPupil(p.accountId(),
                        p.person().withName(rename.to()), p.classGroup(), p.level(), p.status(), p.login()));
            }
        }
        return after;
    }

    private static void replace(List<CurrentPupil> pupils, AccountId id,
                                java.util.function.UnaryOperator<CurrentPupil> change) {
        pupils.replaceAll(p -> p.accountId().equals(id) ? change.apply(p) : p);
    }

    private static long count(Plan plan, ChangeKind kind) {
        return plan.view().changes().stream().filter(c -> c.kind() == kind).count();
    }

    @Test
    void a_first_extraction_opens_every_pupil_and_planning_it_again_once_applied_changes_nothing() {
        Extraction y1 = reader.read(fixture("onde-2026/0170001J.csv"));
        Plan first = plan(List.of(), y1, RenameDecisions.none());
        assertThat(first.view().summary().arrivals()).isEqualTo(y1.rows().size());
        assertThat(first.view().massDeparture()).isFalse();
        Set<String> proposed = first.steps().stream().map(s -> ((Arrive) s).login().value()).collect(Collectors.toSet());
        assertThat(proposed).hasSize(y1.rows().size());

        Plan again = plan(applied(List.of(), first), y1, RenameDecisions.none());
        assertThat(again.view().isEmpty()).isTrue();
        assertThat(again.view().summary().unchanged()).isEqualTo(y1.rows().size());
    }

    @Test
    void the_next_year_moves_levels_up_suspends_leavers_and_renames_by_ine() {
        Extraction y1 = reader.read(fixture("onde-2026/0170001J.csv"));
        List<CurrentPupil> school = applied(List.of(), plan(List.of(), y1, RenameDecisions.none()));
        Extraction y2 = reader.read(fixture("onde-2027/0170001J.csv"));
        Plan next = plan(school, y2, RenameDecisions.none());

        long cm2 = y1.rows().stream().filter(r -> r.level() == Level.CM2).count();
        assertThat(count(next, ChangeKind.DEPARTURE)).isGreaterThanOrEqualTo(cm2);
        assertThat(count(next, ChangeKind.MOVE)).isGreaterThan(y2.rows().size() / 2);
        assertThat(count(next, ChangeKind.ARRIVAL)).isPositive();
        assertThat(next.view().massDeparture()).isFalse();
        assertThat(next.view().changes()).filteredOn(c -> c.kind() == ChangeKind.RENAME)
                .allSatisfy(c -> assertThat(c.accountId()).isNotNull());
        // nobody is both kept and opened again: arrivals carry INEs no account had
        Set<String> knownInes = school.stream().map(p -> p.person().ine()).collect(Collectors.toSet());
        next.steps().stream().filter(s -> s instanceof Arrive).map(s -> ((Arrive) s).row().ine())
                .forEach(ine -> assertThat(knownInes).doesNotContain(ine));

        Plan settled = plan(applied(school, next), y2, RenameDecisions.none());
        assertThat(settled.view().isEmpty()).isTrue();
    }

    @Test
    void a_partial_extraction_is_flagged_as_a_mass_departure() {
        List<CurrentPupil> school = applied(List.of(),
                plan(List.of(), reader.read(fixture("onde-2026/0170001J.csv")), RenameDecisions.none()));
        Plan partial = plan(school, reader.read(fixture("bad/partial-one-class.csv")), RenameDecisions.none());
        assertThat(partial.view().massDeparture()).isTrue();
        assertThat(partial.view().warnings()).anySatisfy(w -> assertThat(w.code()).isEqualTo("MASS_DEPARTURE"));
        assertThat(partial.view().summary().departures()).isGreaterThan(school.size() / 2);
    }

    @Test
    void without_ine_a_small_name_difference_is_a_probable_rename_to_confirm() {
        String text = new String(fixture("be1d-2010/0170003L.csv"), Charset.forName("windows-1252"));
        Extraction y1 = reader.read(text.getBytes(Charset.forName("windows-1252")));
        List<CurrentPupil> school = applied(List.of(), plan(List.of(), y1, RenameDecisions.none()));
        PupilRow target = y1.rows().get(5);
        String corrected = text.replaceFirst(java.util.regex.Pattern.quote(target.name().lastName() + ";;"
                + target.name().firstName() + ";"), target.name().lastName() + ";;" + target.name().firstName() + "e;");
        Extraction y2 = reader.read(corrected.getBytes(Charset.forName("windows-1252")));

        Plan pending = plan(school, y2, RenameDecisions.none());
        assertThat(pending.view().probableRenames()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(target.line());
            assertThat(r.newName()).startsWith(target.name().firstName() + "e");
        });
        assertThat(pending.view().summary().arrivals()).isZero();
        assertThat(pending.view().summary().departures()).isZero();

        Plan confirmed = plan(school, y2, new RenameDecisions(Set.of(target.line()), Set.of()));
        assertThat(confirmed.view().changes()).extracting(PlannedChange::kind).containsExactly(ChangeKind.RENAME);
        assertThat(plan(applied(school, confirmed), y2, RenameDecisions.none()).view().isEmpty()).isTrue();

        Plan rejected = plan(school, y2, new RenameDecisions(Set.of(), Set.of(target.line())));
        assertThat(rejected.view().changes()).extracting(PlannedChange::kind)
                .containsExactlyInAnyOrder(ChangeKind.ARRIVAL, ChangeKind.DEPARTURE);
    }

    @Test
    void twins_and_homonyms_are_never_merged() {
        LocalDate birth = LocalDate.of(2019, 5, 5);
        PupilRow lea = new PupilRow(2, new PersonName("DUPONT", null, "Léa"), birth, "F", null, Level.CP, ClassGroup.of("CP"));
        PupilRow zoe = new PupilRow(3, new PersonName("DUPONT", null, "Zoé"), birth, "F", null, Level.CP, ClassGroup.of("CP"));
        PupilRow leaOlder = new PupilRow(4, new PersonName("DUPONT", null, "Léa"), birth.minusYears(2), "F", null,
                Level.CE2, ClassGroup.of("CE2"));
        Extraction file = new Extraction(Extraction.Format.BASE_ELEVES, "UTF-8", ';', 3, List.of(lea, zoe, leaOlder), List.of());
        Plan first = plan(List.of(), file, RenameDecisions.none());
        assertThat(first.view().summary().arrivals()).isEqualTo(3);
        assertThat(first.view().warnings()).extracting(w -> w.code()).contains("TWINS", "HOMONYMS");
        assertThat(first.steps()).extracting(s -> ((Arrive) s).login().value())
                .containsExactly("lea.dupont", "zoe.dupont", "lea.dupont2");
        List<CurrentPupil> school = applied(List.of(), first);
        assertThat(plan(school, file, RenameDecisions.none()).view().isEmpty()).isTrue();
        // the twin who left is not mistaken for her sister
        Extraction withoutZoe = new Extraction(Extraction.Format.BASE_ELEVES, "UTF-8", ';', 2, List.of(lea, leaOlder), List.of());
        Plan zoeLeft = plan(school, withoutZoe, RenameDecisions.none());
        assertThat(zoeLeft.view().changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ChangeKind.DEPARTURE);
            assertThat(c.pupil()).isEqualTo("Zoé DUPONT");
        });
    }

    @Test
    void a_suspended_pupil_back_in_the_file_returns() {
        PupilRow row = new PupilRow(2, new PersonName("PETIT", null, "Jules"), LocalDate.of(2017, 1, 1), "M",
                "123456789AB", Level.CE2, ClassGroup.of("CE2 A"));
        CurrentPupil suspended = new CurrentPupil(AccountId.random(),
                new PersonalData(row.name(), row.birthDate(), row.ine()), row.classGroup(), row.level(),
                AccountStatus.SUSPENDED, new Login("jules.petit"));
        Extraction file = new Extraction(Extraction.Format.ONDE, "UTF-8", ';', 1, List.of(row), List.of());
        Plan plan = plan(List.of(suspended), file, RenameDecisions.none());
        assertThat(plan.view().changes()).extracting(PlannedChange::kind).containsExactly(ChangeKind.RETURN);
        assertThat(plan.view().summary().arrivals()).isEqualTo(1);
    }

    private static CurrentPupil pupil(String last, String first, Level level, String classLabel,
                                      java.util.Map<String, fr.intrascol.sync.message.imports.ManualChange> manual) {
        return new CurrentPupil(AccountId.random(), new PersonalData(new PersonName(last, null, first),
                LocalDate.of(2019, 3, 25), "123456789AB"), ClassGroup.of(classLabel), level, AccountStatus.ACTIVE,
                new Login("lea.martin"), manual);
    }

    private Plan planRow(CurrentPupil pupil, String last, String first, Level level, String classLabel,
                         Set<String> takeFileValues) {
        PupilRow row = new PupilRow(2, new PersonName(last, null, first), LocalDate.of(2019, 3, 25), "F",
                "123456789AB", level, ClassGroup.of(classLabel));
        return planner.plan(4, List.of(pupil), List.of(row), 0,
                new ImportPlanner.Choices(RenameDecisions.none(), takeFileValues, null), logins, Set.of("lea.martin"));
    }

    @Test
    void a_file_re_saved_with_surnames_in_lower_case_and_extra_spaces_plans_no_correction() {
        Charset cp1252 = Charset.forName("windows-1252");
        String text = new String(fixture("onde-2026/0170001J.csv"), cp1252);
        StringBuilder resaved = new StringBuilder();
        text.lines().forEach(line -> {
            if (resaved.length() == 0 || line.isBlank()) {
                resaved.append(line);
            } else {
                String[] cells = line.split(";", -1);
                cells[0] = "  " + cells[0].toLowerCase(java.util.Locale.ROOT).replace(" ", "   ") + " ";
                cells[2] = cells[2].toUpperCase(java.util.Locale.ROOT);
                resaved.append(String.join(";", cells));
            }
            resaved.append("\r\n");
        });
        Extraction y1 = reader.read(fixture("onde-2026/0170001J.csv"));
        List<CurrentPupil> school = applied(List.of(), plan(List.of(), y1, RenameDecisions.none()));
        Extraction again = reader.read(resaved.toString().getBytes(cp1252));
        assertThat(again.rows().get(0).name().lastName()).isEqualTo("d'almeida");
        Plan plan = plan(school, again, RenameDecisions.none());
        assertThat(plan.view().changes()).isEmpty();
        assertThat(plan.view().summary().renames()).isZero();
        assertThat(plan.view().summary().unchanged()).isEqualTo(y1.rows().size());
    }

    @Test
    void accents_the_account_lacks_are_added_in_its_own_case_and_accents_the_file_lacks_are_never_stripped() {
        Plan adds = planRow(pupil("MARTIN", "Lea", Level.CP, "CP A", null), "martin", "LÉA", Level.CP, "CP A", Set.of());
        assertThat(adds.view().changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ChangeKind.ACCENTS);
            assertThat(c.fields()).containsExactly(new fr.intrascol.sync.message.imports.FieldDiff("firstName", "Lea", "Léa"));
        });
        assertThat(adds.steps()).singleElement().isEqualTo(new ImportPlanner.Rename(
                ((ImportPlanner.Rename) adds.steps().get(0)).accountId(), new PersonName("MARTIN", null, "Lea"),
                new PersonName("MARTIN", null, "Léa"), 2));
        assertThat(adds.view().summary().accents()).isEqualTo(1);
        assertThat(adds.view().summary().renames()).isZero();

        Plan lacks = planRow(pupil("MARTIN", "Léa", Level.CP, "CP A", null), "MARTIN", "Lea", Level.CP, "CP A", Set.of());
        assertThat(lacks.view().changes()).isEmpty();
        assertThat(lacks.steps()).isEmpty();
        assertThat(lacks.view().warnings()).extracting(w -> w.code()).containsExactly("ACCENTS_MISSING");
        assertThat(lacks.view().summary().unchanged()).isEqualTo(1);

        Plan other = planRow(pupil("MARTIN", "Léa", Level.CP, "CP A", null), "MARTIN", "Léna", Level.CP, "cp  a", Set.of());
        assertThat(other.view().changes()).extracting(PlannedChange::kind).containsExactly(ChangeKind.RENAME);
        assertThat(other.view().summary().moves()).isZero();
    }

    @Test
    void a_line_that_would_undo_a_value_set_by_hand_is_marked_and_keeps_it_unless_the_file_value_is_taken() {
        var mark = new fr.intrascol.sync.message.imports.ManualChange("firstName", "directrice",
                java.time.Instant.parse("2026-10-02T08:00:00Z"), "livret de famille");
        CurrentPupil lea = pupil("MARTIN", "Léane", Level.CP, "CP A", java.util.Map.of("firstName", mark));
        Plan kept = planRow(lea, "MARTIN", "Léa", Level.CE1, "CE1 B", Set.of());
        assertThat(kept.view().changes()).filteredOn(c -> c.kind() == ChangeKind.RENAME).singleElement().satisfies(c -> {
            assertThat(c.revertsManualChange()).isTrue();
            assertThat(c.keepsManualValues()).isTrue();
            assertThat(c.manualChanges()).containsExactly(mark);
        });
        assertThat(kept.steps()).singleElement().isInstanceOf(ImportPlanner.Move.class);
        assertThat(kept.view().summary().manualKept()).isEqualTo(1);
        assertThat(kept.view().warnings()).extracting(w -> w.code()).contains("MANUAL_CHANGES");
        assertThat(kept.manualChangeAccounts()).containsExactly(lea.accountId().value());

        Plan taken = planRow(lea, "MARTIN", "Léa", Level.CE1, "CE1 B", Set.of(lea.accountId().value()));
        assertThat(taken.steps()).hasSize(2).anySatisfy(s -> assertThat(s).isInstanceOf(ImportPlanner.Rename.class));
        assertThat(taken.view().changes()).allSatisfy(c -> assertThat(c.keepsManualValues()).isFalse());
        assertThat(taken.view().summary().manualKept()).isZero();
    }

    @Test
    void last_years_file_after_this_years_is_flagged_as_older() {
        Extraction y1 = reader.read(fixture("onde-2026/0170001J.csv"));
        Extraction y2 = reader.read(fixture("onde-2027/0170001J.csv"));
        List<CurrentPupil> school = applied(List.of(), plan(List.of(), y1, RenameDecisions.none()));
        Plan forward = plan(school, y2, RenameDecisions.none());
        assertThat(forward.view().olderFile()).isFalse();
        List<CurrentPupil> nextYear = applied(school, forward);
        Plan backward = plan(nextYear, y1, RenameDecisions.none());
        assertThat(backward.view().olderFile()).isTrue();
        assertThat(backward.view().warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo("OLDER_FILE");
            assertThat(w.message()).contains("older than the last import");
        });
    }

    @Test
    void similar_names_are_small_differences_only() {
        assertThat(ImportPlanner.similar(new PersonName("MARTIN", null, "Lea"), new PersonName("MARTIN", null, "Léa"))).isTrue();
        assertThat(ImportPlanner.similar(new PersonName("MARTIN", null, "Marie"), new PersonName("MARTIN", null, "Marie-Ange"))).isTrue();
        assertThat(ImportPlanner.similar(new PersonName("MARTIN", null, "Léa"), new PersonName("MARTIN", null, "Zoé"))).isFalse();
        assertThat(ImportPlanner.similar(new PersonName("MARTIN", null, "Léa"), new PersonName("BERNARD", null, "Léa"))).isFalse();
        assertThat(ImportPlanner.similar(new PersonName("MARTIN", null, "Cloé"), new PersonName("MARTIN", null, "Chloé"))).isTrue();
        assertThat(ImportPlanner.similar(new PersonName("MARTINN", null, "Léa"), new PersonName("MARTIN", null, "Léa"))).isTrue();
        // different short first names are different children (found by the property tests)
        assertThat(ImportPlanner.similar(new PersonName("CHEVALIER", null, "Rose"), new PersonName("CHEVALIER", null, "Zoé"))).isFalse();
        assertThat(ImportPlanner.similar(new PersonName("PETIT", null, "Noé"), new PersonName("PETIT", null, "Zoé"))).isFalse();
        assertThat(ImportPlanner.similar(new PersonName("PRÉVOST", "ROUSSEAU", "Maëlle"), new PersonName("ROUSSEAU", null, "Gaëlle"))).isFalse();
        assertThat(ImportPlanner.similar(new PersonName("PRÉVOST", "ROUSSEAU", "Maëlle"), new PersonName("PRÉVOST", null, "Maelle"))).isTrue();
    }
}
