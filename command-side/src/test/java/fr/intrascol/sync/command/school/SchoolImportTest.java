package fr.intrascol.sync.command.school;

import fr.intrascol.sync.command.imports.ImportPlanner;
import fr.intrascol.sync.command.imports.ImportWorkingSets;
import fr.intrascol.sync.command.imports.RowsFingerprint;
import fr.intrascol.sync.command.password.PasswordPolicy;
import fr.intrascol.sync.message.command.ApplyImport;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.DiscardImport;
import fr.intrascol.sync.message.command.PreviewRollback;
import fr.intrascol.sync.message.command.RollbackImport;
import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.ImportApplied;
import fr.intrascol.sync.message.event.ImportDiscarded;
import fr.intrascol.sync.message.event.ImportPlanned;
import fr.intrascol.sync.message.event.ImportRolledBack;
import fr.intrascol.sync.message.event.SchoolRegistered;
import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.imports.FieldRevert;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.Role;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;

/** Applying, discarding and rolling back imports, decided by the school itself (no HTTP, no database). */
class SchoolImportTest {

    private static final Uai UAI = new Uai("0170001J");
    private static final LocalDate BIRTH = LocalDate.of(2018, 4, 12);
    private static final String INE = "123456789AB";
    private static final ClassGroup CE1 = new ClassGroup("CE1 Mme COLIN");
    private static final ClassGroup CE2 = new ClassGroup("CE2 M. ROUX");

    private AggregateTestFixture<School> fixture;
    private final AccountId id = AccountId.random();
    private final InMemoryWorkingSets workingSets = new InMemoryWorkingSets();

    /** The working sets of the plans, in memory (the application keeps them in PostgreSQL). */
    static final class InMemoryWorkingSets implements ImportWorkingSets {
        final Map<String, WorkingSet> sets = new java.util.HashMap<>();

        @Override
        public void save(WorkingSet set) {
            sets.put(set.importId(), set);
        }

        @Override
        public java.util.Optional<WorkingSet> find(String importId) {
            return java.util.Optional.ofNullable(sets.get(importId));
        }

        @Override
        public void delete(String importId) {
            sets.remove(importId);
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(School.class);
        fixture.registerCommandTargetResolver(new SchoolCommandTargetResolver());
        fixture.registerInjectableResource(new PasswordPolicy(10));
        fixture.registerInjectableResource(new ImportPlanner(0.30));
        fixture.registerInjectableResource(workingSets);
    }

    private static EventMessage<?> withOrigin(Object event, String origin, String importId) {
        Map<String, Object> meta = new java.util.HashMap<>(Map.of(MetadataKeys.ORIGIN, origin,
                MetadataKeys.ACTOR, origin.equals("MANUAL") ? "directrice" : "admin"));
        if (importId != null) {
            meta.put(MetadataKeys.IMPORT_ID, importId);
        }
        if (origin.equals("MANUAL")) {
            meta.put(MetadataKeys.REASON, "livret de famille");
        }
        return GenericEventMessage.asEventMessage(event).andMetaData(meta);
    }

    private List<Object> leaInCe1() {
        return new ArrayList<>(List.of(new SchoolRegistered(UAI, "École Jules Ferry", LoginRules.defaults()),
                withOrigin(new AccountCreated(UAI, id, Role.PUPIL, new PersonalData(new PersonName("DUPONT", null,
                        "Lea"), BIRTH, INE), new Login("lea.dupont"), "{CRYPT}x", CE1, Level.CE1), "IMPORT", "import-0")));
    }

    private static PupilRow row(String first, ClassGroup classGroup, Level level) {
        return new PupilRow(2, new PersonName("DUPONT", null, first), BIRTH, "F", INE, level, classGroup);
    }

    /** The plan's event, its rows kept apart as the application keeps them. */
    private ImportPlanned planned(String importId, List<PupilRow> rows) {
        ImportSummary summary = new ImportSummary(0, 0, 0, 0, 0, 0, 0);
        workingSets.save(new ImportWorkingSets.WorkingSet(importId, UAI.value(), rows, List.of(),
                new ImportPlan(0, List.of(), List.of(), List.of(), summary, false), java.time.Instant.now()));
        return new ImportPlanned(UAI, importId, "CSVExtraction.csv", "0".repeat(64), "ONDE", "Windows-1252",
                RowsFingerprint.of(rows), summary, false, false);
    }

    private static ApplyImport apply(String importId, List<PupilRow> rows, long revision, Set<String> take) {
        return new ApplyImport(UAI, importId, Set.of(), RenameDecisions.none(), revision, false, take, false, null);
    }

    private static Predicate<Object> is(Class<?> type, Predicate<Object> test) {
        return e -> type.isInstance(e) && test.test(e);
    }

    @SafeVarargs
    private static org.hamcrest.Matcher<List<EventMessage<?>>> exactly(Predicate<Object>... events) {
        List<org.hamcrest.Matcher<?>> matchers = new ArrayList<>();
        for (Predicate<Object> event : events) {
            matchers.add(predicate(event::test));
        }
        matchers.add(andNoMore());
        return payloadsMatching(exactSequenceOf(matchers.toArray(org.hamcrest.Matcher[]::new)));
    }

    @Test
    void a_name_corrected_by_hand_is_kept_when_the_file_spells_it_otherwise_and_the_rest_of_the_line_applies() {
        List<Object> history = leaInCe1();
        history.add(withOrigin(new AccountNamesCorrected(UAI, id, new PersonName("DUPONT", null, "Lea"),
                new PersonName("DUPONT", null, "Léane")), "MANUAL", null));
        List<PupilRow> rows = List.of(row("Lea", CE2, Level.CE2));
        history.add(planned("import-1", rows));
        fixture.given(history)
                .when(apply("import-1", rows, 2, Set.of()))
                .expectEventsMatching(exactly(
                        is(AccountClassChanged.class, e -> ((AccountClassChanged) e).toLevel() == Level.CE2),
                        is(ImportApplied.class, e -> ((ImportApplied) e).summary().manualKept() == 1
                                && ((ImportApplied) e).summary().renames() == 0)));
        planned("import-1", rows); // applying deleted the rows: keep them again for the second try
        fixture.given(history)
                .when(apply("import-1", rows, 2, Set.of(id.value())))
                .expectEventsMatching(exactly(
                        is(AccountNamesCorrected.class, e -> ((AccountNamesCorrected) e).to().firstName().equals("Lea")),
                        is(AccountClassChanged.class, e -> true),
                        is(ImportApplied.class, e -> ((ImportApplied) e).takeFileValues().equals(List.of(id.value())))));
    }

    @Test
    void applying_a_plan_deletes_its_rows_and_a_plan_whose_rows_are_gone_cannot_be_applied() {
        List<Object> history = leaInCe1();
        List<PupilRow> rows = List.of(row("Lea", CE2, Level.CE2));
        history.add(planned("import-1", rows));
        fixture.given(history)
                .when(apply("import-1", rows, 1, Set.of()))
                .expectSuccessfulHandlerExecution();
        org.assertj.core.api.Assertions.assertThat(workingSets.sets).doesNotContainKey("import-1");
        fixture.given(history)
                .when(apply("import-1", rows, 1, Set.of()))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("no longer kept"))
                .expectNoEvents();
    }

    @Test
    void rows_changed_behind_the_plan_are_refused() {
        List<Object> history = leaInCe1();
        history.add(planned("import-1", List.of(row("Lea", CE2, Level.CE2))));
        workingSets.save(new ImportWorkingSets.WorkingSet("import-1", UAI.value(), List.of(row("Zoe", CE2, Level.CE2)),
                List.of(), null, java.time.Instant.now()));
        fixture.given(history)
                .when(apply("import-1", List.of(), 1, Set.of()))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("not the rows that were planned"))
                .expectNoEvents();
    }

    @Test
    void taking_the_file_value_for_an_account_without_a_manual_change_is_refused() {
        List<Object> history = leaInCe1();
        List<PupilRow> rows = List.of(row("Lea", CE2, Level.CE2));
        history.add(planned("import-1", rows));
        fixture.given(history)
                .when(apply("import-1", rows, 1, Set.of(id.value())))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("takeFileValues"))
                .expectNoEvents();
    }

    @Test
    void rolling_back_a_move_after_a_first_name_correction_puts_the_class_back_and_keeps_the_name() {
        List<Object> history = leaInCe1();
        history.add(withOrigin(new AccountClassChanged(UAI, id, CE1, Level.CE1, CE2, Level.CE2), "IMPORT", "year-2"));
        history.add(new ImportApplied(UAI, "year-2", new ImportSummary(0, 0, 1, 0, 0, 0, 0), List.of(),
                RenameDecisions.none(), List.of(), false));
        history.add(withOrigin(new AccountNamesCorrected(UAI, id, new PersonName("DUPONT", null, "Lea"),
                new PersonName("DUPONT", null, "Léane")), "MANUAL", null));
        fixture.given(history)
                .when(new PreviewRollback(UAI, "year-2", false))
                .expectNoEvents()
                .expectResultMessagePayload(new fr.intrascol.sync.message.command.ImportRollback("year-2", 1, List.of(),
                        List.of(new FieldRevert(id.value(), "lea.dupont", ChangeKind.MOVE, "classGroup", CE2.label(),
                                        CE1.label()),
                                new FieldRevert(id.value(), "lea.dupont", ChangeKind.MOVE, "level", "CE2", "CE1"))));
        fixture.given(history)
                .when(new RollbackImport(UAI, "year-2", false))
                .expectEvents(new AccountClassChanged(UAI, id, CE2, Level.CE2, CE1, Level.CE1, Origin.ROLLBACK, "year-2"),
                        new ImportRolledBack(UAI, "year-2", 1, List.of(), false));
    }

    @Test
    void rolling_back_a_rename_puts_back_only_the_names_that_still_hold_the_import_value() {
        List<Object> history = leaInCe1();
        history.add(withOrigin(new AccountNamesCorrected(UAI, id, new PersonName("DUPONT", null, "Lea"),
                new PersonName("DUPOND", null, "Lena")), "IMPORT", "year-2"));
        history.add(new ImportApplied(UAI, "year-2", new ImportSummary(0, 0, 0, 1, 0, 0, 0), List.of(),
                RenameDecisions.none(), List.of(), false));
        history.add(withOrigin(new AccountNamesCorrected(UAI, id, new PersonName("DUPOND", null, "Lena"),
                new PersonName("DUPOND", null, "Léna")), "MANUAL", null));
        fixture.given(history)
                .when(new RollbackImport(UAI, "year-2", false))
                .expectEvents(new AccountNamesCorrected(UAI, id, new PersonName("DUPOND", null, "Léna"),
                                new PersonName("DUPONT", null, "Léna"), Origin.ROLLBACK, "year-2"),
                        new ImportRolledBack(UAI, "year-2", 1, List.of(new fr.intrascol.sync.message.imports
                                .RollbackConflict(id.value(), null, ChangeKind.RENAME, "firstName",
                                "Changed after this import: left as it is.")), false));
    }

    @Test
    void a_discarded_plan_cannot_be_applied_nor_discarded_again() {
        List<Object> history = leaInCe1();
        List<PupilRow> rows = List.of(row("Lea", CE2, Level.CE2));
        history.add(planned("import-1", rows));
        fixture.given(history)
                .when(new DiscardImport(UAI, "import-1"))
                .expectEvents(new ImportDiscarded(UAI, "import-1"));
        history.add(new ImportDiscarded(UAI, "import-1"));
        fixture.given(history)
                .when(apply("import-1", rows, 1, Set.of()))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("discarded"))
                .expectNoEvents();
        fixture.given(history)
                .when(new DiscardImport(UAI, "import-1"))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }
}
