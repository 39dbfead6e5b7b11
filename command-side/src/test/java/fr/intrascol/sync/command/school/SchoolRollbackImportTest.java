package fr.intrascol.sync.command.school;

import fr.intrascol.sync.command.imports.ImportPlanner;
import fr.intrascol.sync.command.imports.ImportWorkingSets;
import fr.intrascol.sync.command.imports.RowsFingerprint;
import fr.intrascol.sync.command.password.PasswordPolicy;
import fr.intrascol.sync.message.command.ApplyImport;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.ImportRollback;
import fr.intrascol.sync.message.command.RollbackImport;
import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountClosed;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountReactivated;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.event.ImportApplied;
import fr.intrascol.sync.message.event.ImportPlanned;
import fr.intrascol.sync.message.event.ImportRolledBack;
import fr.intrascol.sync.message.event.SchoolRegistered;
import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.imports.RollbackConflict;
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
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.test.matchers.Matchers.predicate;

/**
 * Rolling back an applied import, decided by the school from its import ledger: the events that put back
 * what the import changed, newest first, then {@link ImportRolledBack}; what was changed since is kept and
 * reported.
 */
class SchoolRollbackImportTest {

    private static final Uai UAI = new Uai("0170001J");
    private static final ClassGroup CP = new ClassGroup("CP Mme COLIN");
    private static final ClassGroup CE1 = new ClassGroup("CE1 M. ROUX");
    private static final ClassGroup CE2 = new ClassGroup("CE2 Mme PETIT");
    private static final LocalDate BIRTH = LocalDate.of(2017, 3, 1);

    private final AccountId lea = AccountId.random();
    private final AccountId tom = AccountId.random();
    private final AccountId zoe = AccountId.random();
    private final SchoolImportTest.InMemoryWorkingSets workingSets = new SchoolImportTest.InMemoryWorkingSets();
    private AggregateTestFixture<School> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(School.class);
        fixture.registerCommandTargetResolver(new SchoolCommandTargetResolver());
        fixture.registerInjectableResource(new PasswordPolicy(10));
        fixture.registerInjectableResource(new ImportPlanner(0.50));
        fixture.registerInjectableResource(workingSets);
    }

    private static AccountCreated pupil(AccountId id, String last, String first, ClassGroup classGroup, Level level,
                                        String login, Origin origin, String importId) {
        return new AccountCreated(UAI, id, Role.PUPIL, new PersonalData(new PersonName(last, null, first), BIRTH, null),
                new Login(login), "{CRYPT}x", classGroup, level, origin, importId);
    }

    /**
     * Léa (CE1) and Tom (CP) opened by hand, then import year-2 as applying records it: Tom suspended, Léa
     * moved to CE2, Zoé opened in CP, each event saying in its payload that year-2 made it.
     */
    private List<Object> appliedYear2() {
        return new ArrayList<>(List.of(new SchoolRegistered(UAI, "École Jules Ferry", LoginRules.defaults()),
                pupil(lea, "DUPONT", "Léa", CE1, Level.CE1, "lea.dupont", Origin.MANUAL, null),
                pupil(tom, "MARTIN", "Tom", CP, Level.CP, "tom.martin", Origin.MANUAL, null),
                new AccountSuspended(UAI, tom, Origin.IMPORT, "year-2"),
                new AccountClassChanged(UAI, lea, CE1, Level.CE1, CE2, Level.CE2, Origin.IMPORT, "year-2"),
                pupil(zoe, "MOREAU", "Zoé", CP, Level.CP, "zoe.moreau", Origin.IMPORT, "year-2"),
                new ImportApplied(UAI, "year-2", new ImportSummary(1, 1, 1, 0, 0, 0, 0), List.of(),
                        RenameDecisions.none(), List.of(), false)));
    }

    /** The compensations of {@link #appliedYear2()}, newest first, as rolling it back records them. */
    private List<Object> compensations() {
        return List.of(new AccountSuspended(UAI, zoe, Origin.ROLLBACK, "year-2"), new AccountClosed(UAI, zoe),
                new AccountClassChanged(UAI, lea, CE2, Level.CE2, CE1, Level.CE1, Origin.ROLLBACK, "year-2"),
                new AccountReactivated(UAI, tom, Origin.ROLLBACK, "year-2"));
    }

    private static org.hamcrest.Matcher<Object> rejected(String code) {
        return predicate(e -> e instanceof CommandRejectedException r && r.code().equals(code));
    }

    @Test
    void rolling_back_closes_the_accounts_the_import_opened_and_puts_back_what_it_moved_and_suspended() {
        List<Object> expected = new ArrayList<>(compensations());
        expected.add(new ImportRolledBack(UAI, "year-2", 3, List.of(), false));
        fixture.given(appliedYear2())
                .when(new RollbackImport(UAI, "year-2", false))
                .expectEvents(expected.toArray())
                .expectResultMessagePayloadMatching(predicate(r -> r instanceof ImportRollback rollback
                        && rollback.compensated() == 3 && rollback.conflicts().isEmpty()));
    }

    @Test
    void a_class_changed_by_hand_since_the_import_is_kept_and_reported_as_a_conflict() {
        List<Object> history = appliedYear2();
        history.add(GenericEventMessage.asEventMessage(new AccountClassChanged(UAI, lea, CE2, Level.CE2,
                new ClassGroup("CE2 M. BLANC"), Level.CE2, Origin.MANUAL, null)).andMetaData(Map.of(
                MetadataKeys.ACTOR, "directrice", MetadataKeys.REASON, "changement de classe")));
        RollbackConflict conflict = new RollbackConflict(lea.value(), null, ChangeKind.MOVE, "classGroup",
                "Changed after this import: left as it is.");
        fixture.given(history)
                .when(new RollbackImport(UAI, "year-2", false))
                .expectEvents(new AccountSuspended(UAI, zoe, Origin.ROLLBACK, "year-2"), new AccountClosed(UAI, zoe),
                        new AccountReactivated(UAI, tom, Origin.ROLLBACK, "year-2"),
                        new ImportRolledBack(UAI, "year-2", 2, List.of(conflict), false))
                .expectResultMessagePayloadMatching(predicate(r -> r instanceof ImportRollback rollback
                        && rollback.compensated() == 2 && rollback.conflicts().equals(List.of(new RollbackConflict(
                        lea.value(), "lea.dupont", ChangeKind.MOVE, "classGroup",
                        "Changed after this import: left as it is.")))));
    }

    @Test
    void rolling_back_an_import_rolled_back_already_is_refused() {
        List<Object> history = appliedYear2();
        history.addAll(compensations());
        history.add(new ImportRolledBack(UAI, "year-2", 3, List.of(), false));
        fixture.given(history)
                .when(new RollbackImport(UAI, "year-2", false))
                .expectException(rejected("IMPORT_ALREADY_ROLLED_BACK"))
                .expectNoEvents();
    }

    @Test
    void an_import_stored_before_its_events_named_it_in_their_payload_is_rolled_back_from_their_metadata() {
        List<Object> history = new ArrayList<>();
        for (Object event : appliedYear2()) {
            history.add(storedBefore(event));
        }
        List<Object> expected = new ArrayList<>(compensations());
        expected.add(new ImportRolledBack(UAI, "year-2", 3, List.of(), false));
        fixture.given(history)
                .when(new RollbackImport(UAI, "year-2", false))
                .expectEvents(expected.toArray());
    }

    /** The event as a version before this one stored it: origin and import in its metadata only. */
    private static Object storedBefore(Object event) {
        if (event instanceof AccountCreated e && e.origin() != null) {
            return meta(new AccountCreated(e.uai(), e.accountId(), e.role(), e.personalData(), e.login(),
                    e.passwordHash(), e.classGroup(), e.level()), e.origin(), e.importId());
        }
        if (event instanceof AccountSuspended e && e.origin() != null) {
            return meta(new AccountSuspended(e.uai(), e.accountId()), e.origin(), e.importId());
        }
        if (event instanceof AccountClassChanged e && e.origin() != null) {
            return meta(new AccountClassChanged(e.uai(), e.accountId(), e.fromClass(), e.fromLevel(), e.toClass(),
                    e.toLevel()), e.origin(), e.importId());
        }
        return event;
    }

    private static EventMessage<?> meta(Object event, Origin origin, String importId) {
        Map<String, Object> meta = new java.util.HashMap<>(Map.of(MetadataKeys.ORIGIN, origin.name(),
                MetadataKeys.ACTOR, "admin"));
        if (importId != null) {
            meta.put(MetadataKeys.IMPORT_ID, importId);
        }
        return GenericEventMessage.asEventMessage(event).andMetaData(meta);
    }

    /**
     * End to end inside the school: the events applying records, without origin nor import in their
     * metadata (the fixture sends the command without any), are enough to roll the import back.
     */
    @Test
    void an_import_applied_here_is_rolled_back_from_the_events_alone() {
        List<PupilRow> rows = List.of(new PupilRow(2, new PersonName("DUPONT", null, "Léa"), BIRTH, "F", null,
                Level.CE2, CE2));
        ImportSummary summary = new ImportSummary(0, 0, 1, 0, 0, 0, 0);
        workingSets.save(new ImportWorkingSets.WorkingSet("year-2", UAI.value(), rows, List.of(),
                new ImportPlan(1, List.of(), List.of(), List.of(), summary, false), java.time.Instant.now()));
        List<Object> history = new ArrayList<>(List.of(new SchoolRegistered(UAI, "École Jules Ferry",
                        LoginRules.defaults()), pupil(lea, "DUPONT", "Léa", CE1, Level.CE1, "lea.dupont", null, null),
                new ImportPlanned(UAI, "year-2", "CSVExtraction.csv", "0".repeat(64), "ONDE", "Windows-1252",
                        RowsFingerprint.of(rows), summary, false, false)));
        List<EventMessage<?>> applied = new ArrayList<>();
        fixture.given(history)
                .when(new ApplyImport(UAI, "year-2", Set.of(), RenameDecisions.none(), 1, false, Set.of(), false, null))
                .expectEventsMatching(new BaseMatcher<List<EventMessage<?>>>() {
                    @Override
                    public boolean matches(Object events) {
                        @SuppressWarnings("unchecked") List<EventMessage<?>> list = (List<EventMessage<?>>) events;
                        applied.addAll(list);
                        return list.size() == 2 && list.stream().allMatch(e -> !e.getMetaData()
                                .containsKey(MetadataKeys.ORIGIN) && !e.getMetaData().containsKey(MetadataKeys.IMPORT_ID));
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("a move and ImportApplied, without origin nor import in metadata");
                    }
                });
        history.addAll(applied);
        fixture.given(history)
                .when(new RollbackImport(UAI, "year-2", false))
                .expectEvents(new AccountClassChanged(UAI, lea, CE2, Level.CE2, CE1, Level.CE1, Origin.ROLLBACK,
                        "year-2"), new ImportRolledBack(UAI, "year-2", 1, List.of(), false));
    }
}
