package fr.intrascol.sync.command.school;

import fr.intrascol.sync.command.password.PasswordPolicy;
import fr.intrascol.sync.message.command.AccountEdited;
import fr.intrascol.sync.message.command.AccountOpened;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.CreateAccount;
import fr.intrascol.sync.message.command.EditAccount;
import fr.intrascol.sync.message.command.RegisterSchool;
import fr.intrascol.sync.message.command.ResetAccountPassword;
import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.AccountPasswordReset;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.event.SchoolRegistered;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.Role;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchoolTest {

    private static final Uai UAI = new Uai("0170001J");
    private static final LocalDate BIRTH = LocalDate.of(2019, 4, 12);

    private AggregateTestFixture<School> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(School.class);
        fixture.registerCommandTargetResolver(new SchoolCommandTargetResolver());
        fixture.registerInjectableResource(new PasswordPolicy(10));
    }

    private static SchoolRegistered registered() {
        return new SchoolRegistered(UAI, "École Jules Ferry", LoginRules.defaults());
    }

    private static PersonalData pupil(String last, String first, LocalDate birth, String ine) {
        return new PersonalData(new PersonName(last, null, first), birth, ine);
    }

    private static AccountCreated created(AccountId id, PersonalData person, String login) {
        return new AccountCreated(UAI, id, Role.PUPIL, person, new Login(login), "{CRYPT}$6$x$y",
                new ClassGroup("CP Mme COLIN"), Level.CP);
    }

    @Test
    void a_school_is_registered_with_default_login_rules() {
        fixture.givenNoPriorActivity()
                .when(new RegisterSchool(UAI, " École Jules Ferry ", null))
                .expectEvents(registered());
    }

    @Test
    void a_school_needs_a_name() {
        fixture.givenNoPriorActivity()
                .when(new RegisterSchool(UAI, " ", null))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    @Test
    void a_new_pupil_gets_a_login_and_a_password_of_which_only_the_hash_is_recorded() {
        AccountId id = AccountId.random();
        List<Object> results = new ArrayList<>();
        fixture.given(registered())
                .when(new CreateAccount(UAI, id, Role.PUPIL, pupil("DUPONT", "Léa", BIRTH, null),
                        new ClassGroup("CP Mme COLIN"), Level.CP))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(r -> {
                    results.add(r);
                    return true;
                }))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.predicate(e -> {
                                    AccountCreated event = (AccountCreated) e;
                                    AccountOpened opened = (AccountOpened) results.get(0);
                                    return event.login().value().equals("lea.dupont")
                                            && !event.passwordHash().contains(opened.password())
                                            && PasswordPolicy.matches(opened.password(), event.passwordHash());
                                }),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
        AccountOpened opened = (AccountOpened) results.get(0);
        assertThat(opened.login().value()).isEqualTo("lea.dupont");
        assertThat(opened.version()).isEqualTo(1);
        assertThat(opened.toString()).doesNotContain(opened.password());
    }

    @Test
    void the_same_person_is_not_opened_twice() {
        PersonalData lea = pupil("DUPONT", "Léa", BIRTH, "123456789AB");
        fixture.given(registered(), created(AccountId.random(), lea, "lea.dupont"))
                .when(new CreateAccount(UAI, AccountId.random(), Role.PUPIL, pupil("Dupont", "LEA", BIRTH, null),
                        null, Level.CP))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("lea.dupont"))
                .expectNoEvents();
        fixture.given(registered(), created(AccountId.random(), lea, "lea.dupont"))
                .when(new CreateAccount(UAI, AccountId.random(), Role.PUPIL,
                        pupil("MARTIN", "Paul", BIRTH.minusYears(1), "123456789AB"), null, Level.CP))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("same INE"));
    }

    @Test
    void twins_and_homonyms_stay_distinct_with_distinct_logins() {
        PersonalData lea = pupil("DUPONT", "Léa", BIRTH, null);
        // a twin: same surname and birth date, another first name
        fixture.given(registered(), created(AccountId.random(), lea, "lea.dupont"))
                .when(new CreateAccount(UAI, AccountId.random(), Role.PUPIL, pupil("DUPONT", "Zoé", BIRTH, null),
                        null, Level.CP))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.predicate(
                                        e -> ((AccountCreated) e).login().value().equals("zoe.dupont")),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
        // a homonym: same names, another birth date
        fixture.given(registered(), created(AccountId.random(), lea, "lea.dupont"))
                .when(new CreateAccount(UAI, AccountId.random(), Role.PUPIL,
                        pupil("DUPONT", "Léa", BIRTH.minusYears(2), null), null, Level.CE2))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.predicate(
                                        e -> ((AccountCreated) e).login().value().equals("lea.dupont2")),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @Test
    void correcting_names_records_from_and_to_and_keeps_the_login() {
        AccountId id = AccountId.random();
        PersonalData lea = pupil("DUPONT", "Lea", BIRTH, null);
        fixture.given(registered(), created(id, lea, "lea.dupont"))
                .when(new EditAccount(UAI, id, 1L, "DUPOND", null, "Léa", null, null, null))
                .expectEvents(new AccountNamesCorrected(UAI, id, lea.name(), new PersonName("DUPOND", null, "Léa")))
                .expectResultMessagePayload(new AccountEdited(id, 2, 1));
    }

    @Test
    void one_edit_of_several_fields_is_several_events_applied_together() {
        AccountId id = AccountId.random();
        fixture.given(registered(), created(id, pupil("DUPONT", "Léa", BIRTH, null), "lea.dupont"))
                .when(new EditAccount(UAI, id, null, null, "", null, "CE1 M. CARON", Level.CE1,
                        AccountStatus.SUSPENDED))
                .expectEvents(new AccountClassChanged(UAI, id, new ClassGroup("CP Mme COLIN"), Level.CP,
                                new ClassGroup("CE1 M. CARON"), Level.CE1),
                        new AccountSuspended(UAI, id))
                .expectResultMessagePayload(new AccountEdited(id, 3, 2));
    }

    @Test
    void an_edit_that_changes_nothing_records_nothing() {
        AccountId id = AccountId.random();
        fixture.given(registered(), created(id, pupil("DUPONT", "Léa", BIRTH, null), "lea.dupont"))
                .when(new EditAccount(UAI, id, null, "DUPONT", null, "Léa", "CP Mme COLIN", Level.CP,
                        AccountStatus.ACTIVE))
                .expectNoEvents()
                .expectResultMessagePayload(new AccountEdited(id, 1, 0));
    }

    @Test
    void an_edit_made_on_an_outdated_view_is_refused() {
        AccountId id = AccountId.random();
        PersonalData lea = pupil("DUPONT", "Léa", BIRTH, null);
        fixture.given(registered(), created(id, lea, "lea.dupont"), new AccountSuspended(UAI, id))
                .when(new EditAccount(UAI, id, 1L, null, null, "Lea", null, null, null))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("you saw version 1, it is now at version 2"))
                .expectNoEvents();
    }

    @Test
    void accounts_cannot_be_erased_by_hand_and_unknown_accounts_are_reported() {
        AccountId id = AccountId.random();
        fixture.given(registered(), created(id, pupil("DUPONT", "Léa", BIRTH, null), "lea.dupont"))
                .when(new EditAccount(UAI, id, null, null, null, null, null, null, AccountStatus.ERASED))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
        fixture.given(registered())
                .when(new ResetAccountPassword(UAI, id, null))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("does not exist"));
    }

    @Test
    void pupils_need_a_birth_date_and_a_level_adults_have_neither_level_nor_ine() {
        fixture.given(registered())
                .when(new CreateAccount(UAI, AccountId.random(), Role.PUPIL, pupil("DUPONT", "Léa", BIRTH, null),
                        null, null))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("level"));
        fixture.given(registered())
                .when(new CreateAccount(UAI, AccountId.random(), Role.TEACHER,
                        new PersonalData(new PersonName("COLIN", null, "Anne"), null, null),
                        new ClassGroup("CP Mme COLIN"), Level.CP))
                .expectException(CommandRejectedException.class);
        fixture.given(registered())
                .when(new CreateAccount(UAI, AccountId.random(), Role.TEACHER,
                        new PersonalData(new PersonName("COLIN", null, "Anne"), null, null),
                        new ClassGroup("CP Mme COLIN"), null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void a_password_reset_records_a_new_hash() {
        AccountId id = AccountId.random();
        fixture.given(registered(), created(id, pupil("DUPONT", "Léa", BIRTH, null), "lea.dupont"))
                .when(new ResetAccountPassword(UAI, id, 1L))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.predicate(e -> e instanceof AccountPasswordReset r
                                        && r.passwordHash().startsWith("{CRYPT}$6$")),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @Test
    void an_edit_refused_halfway_records_none_of_its_changes() {
        AccountId id = AccountId.random();
        fixture.given(registered(), created(id, pupil("DUPONT", "Léa", BIRTH, null), "lea.dupont"))
                .when(new EditAccount(UAI, id, null, "DUPOND", null, null, "CE1 B", Level.CE1, AccountStatus.ERASED))
                .expectException(CommandRejectedException.class)
                .expectNoEvents();
    }

    /** An event an import made: origin IMPORT and the import's id in its metadata, as applying stores it. */
    private static org.axonframework.eventhandling.EventMessage<?> imported(Object event, String importId) {
        return org.axonframework.eventhandling.GenericEventMessage.asEventMessage(event).andMetaData(java.util.Map.of(
                fr.intrascol.sync.message.meta.MetadataKeys.ORIGIN, "IMPORT",
                fr.intrascol.sync.message.meta.MetadataKeys.IMPORT_ID, importId));
    }

    /** A school with one pupil whom import {@code importId} moved from CP to CE1. */
    private static List<Object> movedByImport(AccountId id, String importId) {
        return List.of(registered(), created(id, pupil("DUPONT", "Léa", BIRTH, null), "lea.dupont"),
                imported(new AccountClassChanged(UAI, id, new ClassGroup("CP Mme COLIN"), Level.CP,
                        new ClassGroup("CE1 B"), Level.CE1), importId),
                new fr.intrascol.sync.message.event.ImportApplied(UAI, importId,
                        new fr.intrascol.sync.message.imports.ImportSummary(0, 0, 1, 0, 0, 0, 0), List.of(),
                        fr.intrascol.sync.message.imports.RenameDecisions.none(), List.of(), false));
    }

    private static fr.intrascol.sync.message.imports.FieldRevert revert(AccountId id, String field, String from,
                                                                       String to) {
        return new fr.intrascol.sync.message.imports.FieldRevert(id.value(), "lea.dupont",
                fr.intrascol.sync.message.imports.ChangeKind.MOVE, field, from, to);
    }

    @Test
    void a_rollback_preview_decides_like_the_rollback_and_records_nothing() {
        AccountId id = AccountId.random();
        fixture.given(movedByImport(id, "import-1"))
                .when(new fr.intrascol.sync.message.command.PreviewRollback(UAI, "import-1", false))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new fr.intrascol.sync.message.command.ImportRollback("import-1", 1, List.of(),
                        List.of(revert(id, "classGroup", "CE1 B", "CP Mme COLIN"), revert(id, "level", "CE1", "CP"))));
        fixture.given(movedByImport(id, "import-1"))
                .when(new fr.intrascol.sync.message.command.RollbackImport(UAI, "import-1", false))
                .expectEvents(new AccountClassChanged(UAI, id, new ClassGroup("CE1 B"), Level.CE1,
                                new ClassGroup("CP Mme COLIN"), Level.CP,
                                fr.intrascol.sync.message.meta.Origin.ROLLBACK, "import-1"),
                        new fr.intrascol.sync.message.event.ImportRolledBack(UAI, "import-1", 1, List.of(), false))
                .expectResultMessagePayload(new fr.intrascol.sync.message.command.ImportRollback("import-1", 1, List.of(),
                        List.of(revert(id, "classGroup", "CE1 B", "CP Mme COLIN"), revert(id, "level", "CE1", "CP"))));
    }

    @Test
    void a_rollback_preview_reports_an_account_changed_since_the_import_as_a_conflict() {
        AccountId id = AccountId.random();
        List<Object> history = new ArrayList<>(movedByImport(id, "import-1"));
        history.add(new AccountClassChanged(UAI, id, new ClassGroup("CE1 B"), Level.CE1, new ClassGroup("CE1 A"),
                Level.CE1));
        var conflict = new fr.intrascol.sync.message.imports.RollbackConflict(id.value(), "lea.dupont",
                fr.intrascol.sync.message.imports.ChangeKind.MOVE, "classGroup",
                "Changed after this import: would be left as it is.");
        fixture.given(history)
                .when(new fr.intrascol.sync.message.command.PreviewRollback(UAI, "import-1", false))
                .expectNoEvents()
                .expectResultMessagePayload(new fr.intrascol.sync.message.command.ImportRollback("import-1", 0,
                        List.of(conflict), List.of()));
        fixture.given(history)
                .when(new fr.intrascol.sync.message.command.PreviewRollback(UAI, "import-1", true))
                .expectNoEvents()
                .expectResultMessagePayload(new fr.intrascol.sync.message.command.ImportRollback("import-1", 1,
                        List.of(new fr.intrascol.sync.message.imports.RollbackConflict(id.value(), "lea.dupont",
                                fr.intrascol.sync.message.imports.ChangeKind.MOVE, "classGroup",
                                "Changed after this import: would be put back anyway (force).")),
                        List.of(revert(id, "classGroup", "CE1 A", "CP Mme COLIN"), revert(id, "level", "CE1", "CP"))));
    }

    @Test
    void a_rollback_preview_of_an_import_rolled_back_already_is_refused() {
        AccountId id = AccountId.random();
        List<Object> history = new ArrayList<>(movedByImport(id, "import-1"));
        history.add(new fr.intrascol.sync.message.event.ImportRolledBack(UAI, "import-1", 1, List.of(), false));
        fixture.given(history)
                .when(new fr.intrascol.sync.message.command.PreviewRollback(UAI, "import-1", false))
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage("This import was already rolled back.")
                .expectNoEvents();
    }
}
