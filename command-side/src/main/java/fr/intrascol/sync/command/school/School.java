package fr.intrascol.sync.command.school;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import fr.intrascol.sync.command.imports.ImportPlanner;
import fr.intrascol.sync.command.login.LoginPolicy;
import fr.intrascol.sync.command.password.PasswordPolicy;
import fr.intrascol.sync.message.command.AccountEdited;
import fr.intrascol.sync.message.command.ApplyImport;
import fr.intrascol.sync.message.command.ImportApplication;
import fr.intrascol.sync.message.command.PlanImport;
import fr.intrascol.sync.message.command.RecordRejectedImport;
import fr.intrascol.sync.message.command.AccountOpened;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.CommandRejectedException.Kind;
import fr.intrascol.sync.message.command.CreateAccount;
import fr.intrascol.sync.message.command.EditAccount;
import fr.intrascol.sync.message.command.NewPassword;
import fr.intrascol.sync.message.command.RegisterSchool;
import fr.intrascol.sync.message.command.ResetAccountPassword;
import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountCreated;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.AccountPasswordReset;
import fr.intrascol.sync.message.event.AccountReactivated;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.event.ImportApplied;
import fr.intrascol.sync.message.event.ImportPlanned;
import fr.intrascol.sync.message.event.ImportRejected;
import fr.intrascol.sync.message.event.ImportDiscarded;
import fr.intrascol.sync.message.event.AccountErased;
import fr.intrascol.sync.message.command.EraseAccount;
import fr.intrascol.sync.message.command.DiscardImport;
import fr.intrascol.sync.message.imports.ManualChange;
import org.axonframework.eventhandling.Timestamp;
import java.time.Instant;
import fr.intrascol.sync.message.imports.ImportPlan;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;
import fr.intrascol.sync.command.imports.ImportWorkingSets;
import fr.intrascol.sync.command.imports.RowsFingerprint;
import fr.intrascol.sync.message.event.SchoolRegistered;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.LoginRules;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.Role;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.message.command.ImportRollback;
import fr.intrascol.sync.message.command.RollbackImport;
import fr.intrascol.sync.message.command.PreviewRollback;
import fr.intrascol.sync.message.event.AccountClosed;
import fr.intrascol.sync.message.event.ImportRolledBack;
import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.imports.RollbackConflict;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.meta.Origin;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One school and its accounts: the consistency boundary. Logins are unique inside it, a person is
 * not opened twice, and an edit made on an outdated view is refused. Command handlers decide and
 * apply events; event-sourcing handlers only change state. What the school knows of its imports (planned,
 * applied, discarded, rolled back, and what each changed) is its {@link ImportLedger}; an account event
 * says in its payload which operation and which import made it, so that the ledger is rebuilt from the
 * events alone.
 */
@Aggregate(snapshotTriggerDefinition = "schoolSnapshotTrigger",
        commandTargetResolver = "schoolCommandTargetResolver", cache = "schoolCache")
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true) // snapshots of earlier versions
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class School {

    public static final int NAME_MAX_LENGTH = 200;

    @AggregateIdentifier
    @JsonProperty
    private Uai uai;
    @JsonProperty
    private String name;
    @JsonProperty
    private LoginRules loginRules;
    /** Accounts by id, in creation order. */
    @JsonProperty
    private Map<String, Account> accounts = new LinkedHashMap<>();
    /**
     * The logins of the school's accounts that are not erased or closed: a login stays reserved while its
     * account exists. Not in snapshots (a login is personal data, sealed with its account there): rebuilt
     * from the accounts when first needed.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    private Set<String> logins;
    /** How many account events the school has had: an import plan is valid only at the revision it saw. */
    @JsonProperty
    private long accountsRevision;
    /** The imports planned, applied, discarded and rolled back, and what each applied import changed. */
    @JsonProperty
    private ImportLedger importLedger = new ImportLedger();

    protected School() {
        // for Axon and snapshots
    }

    @CommandHandler
    public School(RegisterSchool command) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > NAME_MAX_LENGTH) {
            throw new CommandRejectedException(Kind.INVALID, "SCHOOL_NAME",
                    "The school name is required (at most " + NAME_MAX_LENGTH + " characters).");
        }
        LoginRules rules = command.loginRules() != null ? command.loginRules() : LoginRules.defaults();
        apply(new SchoolRegistered(command.uai(), name, rules));
    }

    /**
     * Opens an account. Which kind of operation this is, and which import, are the caller's to say (the
     * command's metadata, as for every command): the event states them in its payload too, where the
     * school reads them back.
     */
    @CommandHandler
    public AccountOpened handle(CreateAccount command, PasswordPolicy passwords,
                                @MetaDataValue(MetadataKeys.ORIGIN) String origin,
                                @MetaDataValue(MetadataKeys.IMPORT_ID) String importId) {
        if (accounts.containsKey(command.accountId().value())) {
            throw new CommandRejectedException(Kind.CONFLICT, "ACCOUNT_EXISTS", "Account " + command.accountId() + " already exists.");
        }
        checkPlacement(command.role(), command.personalData(), command.level());
        rejectSamePerson(command.personalData());
        var login = new LoginPolicy(loginRules).propose(command.personalData().name(), logins()::contains);
        String password = passwords.generate();
        apply(new AccountCreated(uai, command.accountId(), command.role(), command.personalData(), login,
                passwords.hash(password), command.classGroup(), command.level(), originNamed(origin), importId));
        return new AccountOpened(command.accountId(), login, password, accounts.get(command.accountId().value()).version());
    }

    /**
     * Edits an account. The events state in their payload the origin the caller gives in the command's
     * metadata (MANUAL for a person's edit): a field set by hand is marked so from it.
     */
    @CommandHandler
    public AccountEdited handle(EditAccount command, @MetaDataValue(MetadataKeys.ORIGIN) String originName,
                                @MetaDataValue(MetadataKeys.IMPORT_ID) String importId) {
        Account account = editable(command.accountId().value(), command.expectedVersion());
        Origin origin = originNamed(originName);
        int changes = 0;
        PersonName current = account.personalData().name();
        PersonName names = new PersonName(
                command.lastName() != null ? command.lastName() : current.lastName(),
                command.usageName() != null ? command.usageName() : current.usageName(),
                command.firstName() != null ? command.firstName() : current.firstName());
        if (!names.equals(current)) {
            apply(new AccountNamesCorrected(uai, account.accountId(), current, names, origin, importId));
            changes++;
        }
        ClassGroup newClass = command.classGroup() == null ? account.classGroup()
                : ClassGroup.ofNullable(command.classGroup());
        Level newLevel = command.level() != null ? command.level() : account.level();
        if (!Objects.equals(newClass, account.classGroup()) || !Objects.equals(newLevel, account.level())) {
            checkPlacement(account.role(), account.personalData(), newLevel);
            apply(new AccountClassChanged(uai, account.accountId(), account.classGroup(), account.level(),
                    newClass, newLevel, origin, importId));
            changes++;
        }
        AccountStatus status = command.status();
        if (status == AccountStatus.ERASED) {
            throw new CommandRejectedException(Kind.INVALID, "ERASE_BY_HAND",
                    "An account cannot be erased by hand: suspend it; the retention rule erases it later.");
        }
        if (status != null && status != account.status()) {
            apply(status == AccountStatus.SUSPENDED
                    ? new AccountSuspended(uai, account.accountId(), origin, importId)
                    : new AccountReactivated(uai, account.accountId(), origin, importId));
            changes++;
        }
        return new AccountEdited(account.accountId(), accounts.get(command.accountId().value()).version(), changes);
    }

    @CommandHandler
    public NewPassword handle(ResetAccountPassword command, PasswordPolicy passwords) {
        Account account = editable(command.accountId().value(), command.expectedVersion());
        String password = passwords.generate();
        apply(new AccountPasswordReset(uai, account.accountId(), passwords.hash(password)));
        return new NewPassword(account.accountId(), password, accounts.get(command.accountId().value()).version());
    }

    @CommandHandler
    public ImportPlan handle(PlanImport command, ImportPlanner planner, ImportWorkingSets workingSets) {
        ImportPlan plan = planner.plan(accountsRevision, currentPupils(), command.rows(), command.problems().size(),
                ImportPlanner.Choices.none(command.uploadedOn()), new LoginPolicy(loginRules), logins()).view();
        apply(new ImportPlanned(uai, command.importId(), command.fileName(), command.sha256(), command.format(),
                command.encoding(), RowsFingerprint.of(command.rows()), plan.summary(), plan.massDeparture(),
                plan.olderFile()));
        workingSets.save(new ImportWorkingSets.WorkingSet(command.importId(), uai.value(), command.rows(),
                command.problems(), plan, java.time.Instant.now()));
        return plan;
    }

    @CommandHandler
    public void handle(RecordRejectedImport command) {
        apply(new ImportRejected(uai, command.importId(), command.fileName(), command.sha256(), command.reason()));
    }

    @CommandHandler
    public ImportApplication handle(ApplyImport command, ImportPlanner planner, PasswordPolicy passwords,
                                    ImportWorkingSets workingSets) {
        String importId = command.importId();
        importLedger.checkApplicable(importId, uai);
        ImportWorkingSets.WorkingSet workingSet = workingSets.find(importId).orElseThrow(() ->
                new CommandRejectedException(Kind.CONFLICT, "IMPORT_ROWS_GONE", "The rows of this plan are no longer kept"
                        + " (the plan was made by another installation, or its data was deleted). Upload the file"
                        + " again."));
        List<PupilRow> rows = workingSet.rows();
        if (!importLedger.plannedWith(importId, rows)) {
            throw new CommandRejectedException(Kind.INVALID, "IMPORT_ROWS_CHANGED", "The rows kept to apply import " + importId
                    + " are not the rows that were planned. Upload the file again.");
        }
        if (command.expectedRevision() != accountsRevision) {
            throw new CommandRejectedException(Kind.STALE, "PLAN_STALE", "The school's accounts have changed since this plan was"
                    + " made (" + (accountsRevision - command.expectedRevision()) + " changes since). Upload the"
                    + " file again to plan against today's accounts, then apply that new plan.",
                    accountsRevision - command.expectedRevision());
        }
        Set<Integer> problemLines = workingSet.problems().stream().map(RowProblem::line)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> notExcluded = new TreeSet<>(problemLines);
        notExcluded.removeAll(command.excludedLines());
        if (!notExcluded.isEmpty()) {
            throw new CommandRejectedException(Kind.INVALID, "LINES_WITH_PROBLEMS", "Lines " + notExcluded + " of the file have problems."
                    + " Correct them in ONDE and upload the file again, or leave these lines out explicitly"
                    + " (excludeLines).", lineList(notExcluded));
        }
        Set<Integer> clean = new TreeSet<>(command.excludedLines());
        clean.removeAll(problemLines);
        if (!clean.isEmpty()) {
            throw new CommandRejectedException(Kind.INVALID, "LINES_WITHOUT_PROBLEM", "Lines " + clean + " have no problem: only lines with"
                    + " problems can be left out.", lineList(clean));
        }
        ImportPlanner.Plan plan = planner.plan(accountsRevision, currentPupils(), rows, 0,
                new ImportPlanner.Choices(command.decisions(), command.takeFileValues(), command.today()),
                new LoginPolicy(loginRules), logins());
        checkDecisions(command.decisions(), plan.probableRenameLines());
        Set<String> notManual = new TreeSet<>(command.takeFileValues());
        notManual.removeAll(plan.manualChangeAccounts());
        if (!notManual.isEmpty()) {
            throw new CommandRejectedException(Kind.INVALID, "TAKE_FILE_VALUE_UNKNOWN", "Accounts " + notManual + " have no"
                    + " line of this plan that would overwrite a value set by hand: takeFileValues names only those"
                    + " (the lines marked revertsManualChange).", String.join(", ", notManual));
        }
        if (!plan.view().probableRenames().isEmpty()) {
            String undecided = plan.view().probableRenames().stream().map(r -> Integer.toString(r.line()))
                    .collect(Collectors.joining(", "));
            throw new CommandRejectedException(Kind.INVALID, "RENAMES_UNDECIDED", "Decide the probable renames first (lines "
                    + undecided + "): confirm each one that is the same pupil"
                    + " (confirmRenames), reject the others (rejectRenames).", undecided);
        }
        if (plan.view().massDeparture() && !command.confirmMassDeparture()) {
            throw new CommandRejectedException(Kind.CONFLICT, "MASS_DEPARTURE", plan.view().warnings().stream()
                    .filter(w -> w.code().equals("MASS_DEPARTURE")).findFirst().map(w -> w.message())
                    .orElse("Too many pupils would leave.") + " (confirmMassDeparture)");
        }
        if (plan.view().olderFile() && !command.confirmOlderFile()) {
            throw new CommandRejectedException(Kind.CONFLICT, "OLDER_FILE", plan.view().warnings().stream()
                    .filter(w -> w.code().equals("OLDER_FILE")).findFirst().map(w -> w.message())
                    .orElse("This file looks older than the last import.") + " (confirmOlderFile)");
        }
        List<ImportApplication.NewCredential> credentials = new ArrayList<>();
        LoginPolicy loginPolicy = new LoginPolicy(loginRules);
        Iterator<PasswordPolicy.Generated> newPasswords = passwords.generate((int) plan.steps().stream()
                .filter(ImportPlanner.Arrive.class::isInstance).count()).iterator();
        for (ImportPlanner.Step step : plan.steps()) {
            if (step instanceof ImportPlanner.Depart depart) {
                apply(new AccountSuspended(uai, depart.accountId(), Origin.IMPORT, importId));
            } else if (step instanceof ImportPlanner.Return back) {
                apply(new AccountReactivated(uai, back.accountId(), Origin.IMPORT, importId));
            } else if (step instanceof ImportPlanner.Rename rename) {
                apply(new AccountNamesCorrected(uai, rename.accountId(), rename.from(), rename.to(), Origin.IMPORT,
                        importId));
            } else if (step instanceof ImportPlanner.Move move) {
                apply(new AccountClassChanged(uai, move.accountId(), move.fromClass(), move.fromLevel(),
                        move.toClass(), move.toLevel(), Origin.IMPORT, importId));
            } else if (step instanceof ImportPlanner.Arrive arrive) {
                PupilRow row = arrive.row();
                var login = loginPolicy.propose(row.name(), logins()::contains);
                PasswordPolicy.Generated password = newPasswords.next();
                AccountId id = AccountId.random();
                apply(new AccountCreated(uai, id, Role.PUPIL, row.personalData(), login, password.hash(),
                        row.classGroup(), row.level(), Origin.IMPORT, importId));
                credentials.add(new ImportApplication.NewCredential(id.value(),
                        row.classGroup() == null ? null : row.classGroup().label(), row.name().displayLastName(),
                        row.name().firstName(), login.value(), password.password()));
            }
        }
        apply(new ImportApplied(uai, importId, plan.view().summary(), List.copyOf(new TreeSet<>(command.excludedLines())),
                command.decisions(), List.copyOf(new TreeSet<>(command.takeFileValues())), command.confirmOlderFile()));
        workingSets.delete(importId);
        return new ImportApplication(importId, plan.view().summary(), credentials);
    }

    @CommandHandler
    public ImportRollback handle(RollbackImport command) {
        ImportLedger.RollbackDecision decision = importLedger.decideRollback(command.importId(), command.force(), false,
                accounts::get, uai);
        for (ImportLedger.Compensation compensation : decision.toCompensate()) {
            // each from the account as the compensations before it left it
            ImportLedger.compensation(compensation, accounts.get(compensation.change().accountId().value()), uai,
                    command.importId()).forEach(AggregateLifecycle::apply);
        }
        // the event names accounts by id only: a login is personal data, kept encrypted with its account
        List<RollbackConflict> recorded = decision.conflicts().stream().map(c -> new RollbackConflict(c.accountId(),
                null, c.change(), c.field(), c.message())).toList();
        apply(new ImportRolledBack(uai, command.importId(), decision.toCompensate().size(), recorded,
                command.force()));
        return new ImportRollback(command.importId(), decision.toCompensate().size(), decision.conflicts(),
                decision.reverts());
    }

    /** The same decision as {@link RollbackImport}'s, and nothing applied. */
    @CommandHandler
    public ImportRollback handle(PreviewRollback command) {
        ImportLedger.RollbackDecision decision = importLedger.decideRollback(command.importId(), command.force(), true,
                accounts::get, uai);
        return new ImportRollback(command.importId(), decision.toCompensate().size(), decision.conflicts(),
                decision.reverts());
    }

    /**
     * Erases a person: refused for an account already erased, and for an active one unless forced (who may
     * force is the caller's check). The person's data key is destroyed in the same transaction as the
     * {@link AccountErased} event is stored, so that either both happen or neither.
     */
    @CommandHandler
    public void handle(EraseAccount command, PersonalDataShredder shredder) {
        Account account = accounts.get(command.accountId().value());
        if (account == null) {
            throw new CommandRejectedException(Kind.NOT_FOUND, "ACCOUNT_UNKNOWN",
                    "Account " + command.accountId() + " does not exist in school " + uai + ".");
        }
        if (account.status() == AccountStatus.ERASED && account.personalData().isErased()) {
            throw new CommandRejectedException(Kind.CONFLICT, "ACCOUNT_ALREADY_ERASED", "This person's data was already erased.");
        }
        if (account.status() == AccountStatus.ACTIVE && !command.force()) {
            throw new CommandRejectedException(Kind.CONFLICT, "ACCOUNT_ACTIVE", "Account " + account.login()
                    + " is active: suspend it first (the person has left), or, as an administrator, erase it anyway"
                    + " with force.", account.login());
        }
        apply(new AccountErased(uai, account.accountId()));
        shredder.destroy(account.accountId().value());
    }

    @CommandHandler
    public void handle(DiscardImport command, ImportWorkingSets workingSets) {
        String importId = command.importId();
        importLedger.checkDiscardable(importId, uai);
        apply(new ImportDiscarded(uai, importId));
        workingSets.delete(importId);
    }

    /** A decision names a probable rename of the plan, and only one answer per line. */
    private static void checkDecisions(RenameDecisions decisions, Set<Integer> probable) {
        Set<Integer> both = new TreeSet<>(decisions.confirmed());
        both.retainAll(decisions.rejected());
        if (!both.isEmpty()) {
            throw new CommandRejectedException(Kind.INVALID, "RENAME_BOTH_ANSWERS", "Lines " + both + " are both confirmed and rejected as"
                    + " renames: give one answer per line.", lineList(both));
        }
        Set<Integer> unknown = new TreeSet<>(decisions.confirmed());
        unknown.addAll(decisions.rejected());
        unknown.removeAll(probable);
        if (!unknown.isEmpty()) {
            throw new CommandRejectedException(Kind.INVALID, "RENAME_UNKNOWN_LINES", "Lines " + unknown + " are not probable renames of this"
                    + " plan" + (probable.isEmpty() ? " (it has none)." : " (they are lines " + new TreeSet<>(probable)
                    + ")."), lineList(unknown));
        }
    }

    private Set<String> logins() {
        if (logins == null) {
            logins = new HashSet<>();
            accounts.values().stream().filter(a -> a.status() != AccountStatus.ERASED)
                    .forEach(a -> logins.add(a.login().value()));
        }
        return logins;
    }

    private List<ImportPlanner.CurrentPupil> currentPupils() {
        return accounts.values().stream()
                .filter(a -> a.role() == Role.PUPIL && a.status() != AccountStatus.ERASED)
                .map(a -> new ImportPlanner.CurrentPupil(a.accountId(), a.personalData(), a.classGroup(), a.level(),
                        a.status(), a.login(), a.manual()))
                .toList();
    }

    private Account editable(String accountId, Long expectedVersion) {
        Account account = accounts.get(accountId);
        if (account == null) {
            throw new CommandRejectedException(Kind.NOT_FOUND, "ACCOUNT_UNKNOWN",
                    "Account " + accountId + " does not exist in school " + uai + ".");
        }
        if (expectedVersion != null && expectedVersion != account.version()) {
            throw new CommandRejectedException(Kind.STALE, "ACCOUNT_STALE", "Someone else changed this account (login "
                    + account.login() + ") since you opened it: you saw version " + expectedVersion
                    + ", it is now at version " + account.version()
                    + ". Reload the account, check the other change, then make yours again.", account.login());
        }
        if (account.status() == AccountStatus.ERASED) {
            throw new CommandRejectedException(Kind.INVALID, "ACCOUNT_ERASED", "Account " + account.login() + " was erased.", account.login());
        }
        return account;
    }

    private static void checkPlacement(Role role, PersonalData person, Level level) {
        if (role == Role.PUPIL) {
            if (person.birthDate() == null) {
                throw new CommandRejectedException(Kind.INVALID, "PUPIL_BIRTH_DATE", "A pupil needs a birth date (birthDate, yyyy-MM-dd).");
            }
            if (level == null) {
                throw new CommandRejectedException(Kind.INVALID, "PUPIL_LEVEL", "A pupil needs a level (level: TPS, PS, MS, GS, CP, CE1, CE2, CM1 or CM2).");
            }
        } else if (level != null) {
            throw new CommandRejectedException(Kind.INVALID, "ADULT_LEVEL", "Only pupils have a level; leave it empty for adults.");
        }
        if (role != Role.PUPIL && person.ine() != null) {
            throw new CommandRejectedException(Kind.INVALID, "ADULT_INE", "Only pupils have an INE; leave it empty for adults.");
        }
    }

    /**
     * The same person is not opened twice: same INE, or same surname, first name and birth date. Adults
     * opened without a birth date are not compared: two staff members may share a name.
     */
    private void rejectSamePerson(PersonalData person) {
        for (Account existing : accounts.values()) {
            if (existing.status() == AccountStatus.ERASED) {
                continue;
            }
            PersonalData other = existing.personalData();
            boolean sameIne = person.ine() != null && person.ine().equals(other.ine());
            boolean sameIdentity = person.birthDate() != null && person.birthDate().equals(other.birthDate())
                    && LoginPolicy.fold(person.name().lastName()).equals(LoginPolicy.fold(other.name().lastName()))
                    && LoginPolicy.fold(person.name().firstName()).equals(LoginPolicy.fold(other.name().firstName()));
            if (sameIne || sameIdentity) {
                throw new CommandRejectedException(Kind.CONFLICT, "SAME_PERSON", "This person already has an account in this school"
                        + " (login " + existing.login() + ", " + existing.status().name().toLowerCase()
                        + (sameIne ? ", same INE" : ", same names and birth date")
                        + "). Edit or reactivate that account instead of opening a second one.", existing.login());
            }
        }
    }

    @EventSourcingHandler
    void on(SchoolRegistered event) {
        this.uai = event.uai();
        this.name = event.name();
        this.loginRules = event.loginRules();
    }

    @EventSourcingHandler
    void on(AccountCreated event, @MetaDataValue(MetadataKeys.ORIGIN) String origin,
            @MetaDataValue(MetadataKeys.IMPORT_ID) String importId) {
        accountsRevision++;
        accounts.put(event.accountId().value(), new Account(event.accountId(), event.role(), event.personalData(),
                event.login(), event.classGroup(), event.level(), AccountStatus.ACTIVE, 1));
        logins().add(event.login().value());
        importLedger.record(origin(event.origin(), origin), importId(event.importId(), importId),
                accounts.get(event.accountId().value()), ChangeKind.ARRIVAL, null, null, null);
    }

    @EventSourcingHandler
    void on(AccountNamesCorrected event, @MetaDataValue(MetadataKeys.ORIGIN) String originName,
            @MetaDataValue(MetadataKeys.IMPORT_ID) String importId, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.REASON) String reason, @Timestamp Instant at) {
        accountsRevision++;
        Origin origin = origin(event.origin(), originName);
        List<String> fields = new ArrayList<>(3);
        if (!Objects.equals(event.from().lastName(), event.to().lastName())) {
            fields.add("lastName");
        }
        if (!Objects.equals(event.from().usageName(), event.to().usageName())) {
            fields.add("usageName");
        }
        if (!Objects.equals(event.from().firstName(), event.to().firstName())) {
            fields.add("firstName");
        }
        Account account = accounts.computeIfPresent(event.accountId().value(), (id, a) -> a.withPersonalData(
                a.personalData().withName(event.to())).withProvenance(fields, mark(origin, actor, reason, at)));
        importLedger.record(origin, importId(event.importId(), importId), account, ChangeKind.RENAME, event.from(),
                null, null);
    }

    @EventSourcingHandler
    void on(AccountClassChanged event, @MetaDataValue(MetadataKeys.ORIGIN) String originName,
            @MetaDataValue(MetadataKeys.IMPORT_ID) String importId, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.REASON) String reason, @Timestamp Instant at) {
        accountsRevision++;
        Origin origin = origin(event.origin(), originName);
        List<String> fields = new ArrayList<>(2);
        if (!Objects.equals(event.fromClass(), event.toClass())) {
            fields.add("classGroup");
        }
        if (event.fromLevel() != event.toLevel()) {
            fields.add("level");
        }
        Account account = accounts.computeIfPresent(event.accountId().value(), (id, a) -> a.withPlacement(
                event.toClass(), event.toLevel()).withProvenance(fields, mark(origin, actor, reason, at)));
        importLedger.record(origin, importId(event.importId(), importId), account, ChangeKind.MOVE, null,
                event.fromClass(), event.fromLevel());
    }

    @EventSourcingHandler
    void on(AccountSuspended event, @MetaDataValue(MetadataKeys.ORIGIN) String originName,
            @MetaDataValue(MetadataKeys.IMPORT_ID) String importId, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.REASON) String reason, @Timestamp Instant at) {
        accountsRevision++;
        Origin origin = origin(event.origin(), originName);
        Account account = accounts.computeIfPresent(event.accountId().value(), (id, a) -> a.withStatus(
                AccountStatus.SUSPENDED).withProvenance(STATUS, mark(origin, actor, reason, at)));
        importLedger.record(origin, importId(event.importId(), importId), account, ChangeKind.DEPARTURE, null, null,
                null);
    }

    @EventSourcingHandler
    void on(AccountReactivated event, @MetaDataValue(MetadataKeys.ORIGIN) String originName,
            @MetaDataValue(MetadataKeys.IMPORT_ID) String importId, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.REASON) String reason, @Timestamp Instant at) {
        accountsRevision++;
        Origin origin = origin(event.origin(), originName);
        Account account = accounts.computeIfPresent(event.accountId().value(), (id, a) -> a.withStatus(
                AccountStatus.ACTIVE).withProvenance(STATUS, mark(origin, actor, reason, at)));
        importLedger.record(origin, importId(event.importId(), importId), account, ChangeKind.RETURN, null, null,
                null);
    }

    @EventSourcingHandler
    void on(AccountClosed event) {
        accountsRevision++;
        Account closed = accounts.computeIfPresent(event.accountId().value(),
                (id, a) -> a.withStatus(AccountStatus.ERASED));
        if (closed != null) {
            logins().remove(closed.login().value());
        }
    }

    @EventSourcingHandler
    void on(AccountErased event) {
        accountsRevision++;
        Account before = accounts.get(event.accountId().value());
        if (before == null) {
            return;
        }
        if (before.status() != AccountStatus.ERASED) {
            logins().remove(before.login().value());
        }
        accounts.put(event.accountId().value(), before.erased());
        importLedger.erase(event.accountId());
    }

    @EventSourcingHandler
    void on(AccountPasswordReset event) {
        accountsRevision++;
        accounts.computeIfPresent(event.accountId().value(), (id, a) -> a.touched());
    }

    @EventSourcingHandler
    void on(ImportPlanned event) {
        importLedger.planned(event.importId(), event.rowsFingerprint());
    }

    @EventSourcingHandler
    void on(ImportApplied event) {
        importLedger.applied(event.importId());
    }

    @EventSourcingHandler
    void on(ImportDiscarded event) {
        importLedger.discarded(event.importId());
    }

    @EventSourcingHandler
    void on(ImportRolledBack event) {
        importLedger.rolledBack(event.importId());
    }

    private static final List<String> STATUS = List.of("status");

    /** Who set a field by hand, or null when the event is not a person's edit (origin MANUAL). */
    private static ManualChange mark(Origin origin, String actor, String reason, Instant at) {
        return origin == Origin.MANUAL ? new ManualChange(null, actor, at, reason) : null;
    }

    /**
     * The origin an account event states in its payload; events stored before the payload carried it state it
     * in their metadata only ({@code metadata}).
     */
    private static Origin origin(Origin payload, String metadata) {
        return payload != null ? payload : originNamed(metadata);
    }

    /**
     * The import an account event states in its payload; events stored before the payload carried it state it
     * in their metadata only ({@code metadata}).
     */
    private static String importId(String payload, String metadata) {
        return payload != null ? payload : metadata;
    }

    /** The origin a metadata value names; null for none, or for a name this version does not know. */
    private static Origin originNamed(String name) {
        for (Origin origin : Origin.values()) {
            if (origin.name().equals(name)) {
                return origin;
            }
        }
        return null;
    }

    /** Line numbers as a message quotes them: "3, 7, 12". */
    private static String lineList(java.util.Collection<Integer> lines) {
        return lines.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
