package fr.intrascol.sync.command.school;

import fr.intrascol.sync.command.imports.ImportPlanner;
import fr.intrascol.sync.command.imports.ImportWorkingSets;
import fr.intrascol.sync.command.imports.RowsFingerprint;
import fr.intrascol.sync.command.password.PasswordPolicy;
import fr.intrascol.sync.message.command.ApplyImport;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.ImportApplication;
import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.event.ImportApplied;
import fr.intrascol.sync.message.event.ImportPlanned;
import fr.intrascol.sync.message.event.SchoolRegistered;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.RenameDecisions;
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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;

/**
 * Applying a planned import, decided by the school itself: the account events it makes, each saying it
 * was made by the import, then {@link ImportApplied}; and the plans it refuses.
 */
class SchoolApplyImportTest {

    private static final Uai UAI = new Uai("0170001J");
    private static final ClassGroup CP = new ClassGroup("CP Mme COLIN");
    private static final ClassGroup CE1 = new ClassGroup("CE1 M. ROUX");
    private static final ClassGroup CE2 = new ClassGroup("CE2 Mme PETIT");

    private final AccountId lea = AccountId.random();
    private final AccountId tom = AccountId.random();
    private final AccountId hugo = AccountId.random();
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

    private static AccountCreated pupil(AccountId id, String last, String first, String ine, ClassGroup classGroup,
                                        Level level, String login) {
        return new AccountCreated(UAI, id, Role.PUPIL, new PersonalData(new PersonName(last, null, first),
                LocalDate.of(2017, 3, 1), ine), new Login(login), "{CRYPT}x", classGroup, level);
    }

    /** A school of three pupils opened by hand: accounts revision 3. */
    private List<Object> school() {
        return new ArrayList<>(List.of(new SchoolRegistered(UAI, "École Jules Ferry", LoginRules.defaults()),
                pupil(lea, "DUPONT", "Léa", "111111111AA", CE1, Level.CE1, "lea.dupont"),
                pupil(tom, "MARTIN", "Tom", "222222222BB", CP, Level.CP, "tom.martin"),
                pupil(hugo, "BERNARD", "Hugo", "333333333CC", CE2, Level.CE2, "hugo.bernard")));
    }

    private static PupilRow row(int line, String last, String first, String ine, ClassGroup classGroup, Level level) {
        return new PupilRow(line, new PersonName(last, null, first), LocalDate.of(2017, 3, 1), "F", ine, level,
                classGroup);
    }

    /** Next year's file: Léa goes up to CE2, Hugo stays, Tom is gone, Zoé arrives in CP. */
    private static List<PupilRow> nextYear() {
        return List.of(row(2, "DUPONT", "Léa", "111111111AA", CE2, Level.CE2),
                row(3, "BERNARD", "Hugo", "333333333CC", CE2, Level.CE2),
                row(4, "MOREAU", "Zoé", "444444444DD", CP, Level.CP));
    }

    /** The plan's event, its rows kept apart as the application keeps them. */
    private ImportPlanned planned(String importId, List<PupilRow> rows) {
        ImportSummary summary = new ImportSummary(1, 1, 1, 0, 1, 0, 0);
        workingSets.save(new ImportWorkingSets.WorkingSet(importId, UAI.value(), rows, List.of(),
                new ImportPlan(3, List.of(), List.of(), List.of(), summary, false), java.time.Instant.now()));
        return new ImportPlanned(UAI, importId, "CSVExtraction.csv", "0".repeat(64), "ONDE", "Windows-1252",
                RowsFingerprint.of(rows), summary, false, false);
    }

    private static ApplyImport apply(String importId, long revision) {
        return new ApplyImport(UAI, importId, Set.of(), RenameDecisions.none(), revision, false, Set.of(), false, null);
    }

    private static Predicate<Object> byImport(String importId) {
        return e -> (e instanceof AccountSuspended s && s.origin() == Origin.IMPORT && importId.equals(s.importId()))
                || (e instanceof AccountClassChanged c && c.origin() == Origin.IMPORT && importId.equals(c.importId()))
                || (e instanceof AccountCreated a && a.origin() == Origin.IMPORT && importId.equals(a.importId()));
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

    private static org.hamcrest.Matcher<Object> rejected(String code) {
        return predicate(e -> e instanceof CommandRejectedException r && r.code().equals(code));
    }

    @Test
    void applying_a_plan_suspends_the_departed_moves_the_promoted_opens_the_new_and_records_the_import_applied() {
        List<Object> history = school();
        history.add(planned("year-2", nextYear()));
        Predicate<Object> byImport = byImport("year-2");
        fixture.given(history)
                .when(apply("year-2", 3))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(exactly(
                        e -> e instanceof AccountSuspended s && s.accountId().equals(tom) && byImport.test(e),
                        e -> e instanceof AccountClassChanged c && c.accountId().equals(lea) && c.fromClass().equals(CE1)
                                && c.fromLevel() == Level.CE1 && c.toClass().equals(CE2) && c.toLevel() == Level.CE2
                                && byImport.test(e),
                        e -> e instanceof AccountCreated a && a.personalData().name().firstName().equals("Zoé")
                                && a.classGroup().equals(CP) && a.level() == Level.CP && a.role() == Role.PUPIL
                                && a.passwordHash().startsWith("{CRYPT}$6$") && byImport.test(e),
                        e -> e instanceof ImportApplied a && a.importId().equals("year-2")
                                && a.summary().arrivals() == 1 && a.summary().departures() == 1
                                && a.summary().moves() == 1 && a.summary().unchanged() == 1))
                .expectResultMessagePayloadMatching(predicate(r -> r instanceof ImportApplication application
                        && application.credentials().size() == 1
                        && application.credentials().get(0).firstName().equals("Zoé")));
        org.assertj.core.api.Assertions.assertThat(workingSets.sets).doesNotContainKey("year-2");
    }

    @Test
    void applying_an_import_applied_already_is_refused() {
        List<Object> history = school();
        history.add(planned("year-2", nextYear()));
        history.add(new AccountSuspended(UAI, tom, Origin.IMPORT, "year-2"));
        history.add(new ImportApplied(UAI, "year-2", new ImportSummary(0, 1, 0, 0, 2, 0, 0), List.of(),
                RenameDecisions.none(), List.of(), false));
        planned("year-2", nextYear()); // even were its rows still kept
        fixture.given(history)
                .when(apply("year-2", 4))
                .expectException(rejected("IMPORT_ALREADY_APPLIED"))
                .expectNoEvents();
    }

    @Test
    void a_plan_made_before_the_accounts_changed_is_refused_as_stale() {
        List<Object> history = school();
        history.add(planned("year-2", nextYear()));
        history.add(new AccountNamesCorrected(UAI, hugo, new PersonName("BERNARD", null, "Hugo"),
                new PersonName("BERNARD", null, "Hugues"), Origin.MANUAL, null));
        fixture.given(history)
                .when(apply("year-2", 3))
                .expectException(rejected("PLAN_STALE"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("1 changes since"))
                .expectNoEvents();
    }

    @Test
    void an_import_of_another_school_or_none_is_unknown() {
        fixture.given(school())
                .when(apply("elsewhere", 3))
                .expectException(rejected("IMPORT_UNKNOWN"))
                .expectNoEvents();
    }
}
