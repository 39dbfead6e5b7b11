package fr.intrascol.sync.command.school;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import fr.intrascol.sync.command.imports.RowsFingerprint;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.CommandRejectedException.Kind;
import fr.intrascol.sync.message.event.AccountClassChanged;
import fr.intrascol.sync.message.event.AccountClosed;
import fr.intrascol.sync.message.event.AccountNamesCorrected;
import fr.intrascol.sync.message.event.AccountReactivated;
import fr.intrascol.sync.message.event.AccountSuspended;
import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.imports.FieldRevert;
import fr.intrascol.sync.message.imports.RollbackConflict;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.Uai;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A school's import ledger: which imports were planned (with the fingerprint of their rows), applied,
 * discarded and rolled back, and what each applied import changed until it is rolled back. It answers
 * the school's import commands (may this import be applied, discarded, rolled back; what would a
 * rollback put back) and is updated by the school's event-sourcing handlers only; the accounts stay
 * the school's, and are passed in where a decision needs their present state.
 *
 * <p>Part of the school's snapshot, nested under its own property (snapshots of versions that kept these
 * fields at the school's top level are deleted by migration V16: the school is rebuilt from its events).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class ImportLedger {

    /** Planned imports, each with a fingerprint of its rows: applying checks it is given the same rows. */
    @JsonProperty
    private Map<String, String> planned = new HashMap<>();
    @JsonProperty
    private Set<String> applied = new HashSet<>();
    /** What each applied import changed, oldest first, until it is rolled back. */
    @JsonProperty
    private Map<String, List<ImportedChange>> changes = new HashMap<>();
    @JsonProperty
    private Set<String> rolledBack = new HashSet<>();
    @JsonProperty
    private Set<String> discarded = new HashSet<>();

    // --- what the command handlers ask

    /** Refuses an import that cannot be applied: not one of the school's, already applied, or discarded. */
    void checkApplicable(String importId, Uai uai) {
        if (!planned.containsKey(importId)) {
            throw unknown(importId, uai);
        }
        if (applied.contains(importId)) {
            throw new CommandRejectedException(Kind.CONFLICT, "IMPORT_ALREADY_APPLIED", "This import was already applied; applying it again"
                    + " would change nothing. Upload the file again to see what is left to do.");
        }
        if (discarded.contains(importId)) {
            throw new CommandRejectedException(Kind.CONFLICT, "IMPORT_DISCARDED", "This plan was discarded: it can no"
                    + " longer be applied. Upload the file again to plan it against today's accounts.");
        }
    }

    /**
     * Whether these are the rows the import was planned from. A plan of a version that kept its rows in its
     * event has no fingerprint: nothing matches it (its rows are not kept apart either).
     */
    boolean plannedWith(String importId, List<PupilRow> rows) {
        return RowsFingerprint.matches(planned.get(importId), rows);
    }

    /** Refuses an import that cannot be discarded: not one of the school's, applied, or already discarded. */
    void checkDiscardable(String importId, Uai uai) {
        if (!planned.containsKey(importId)) {
            throw unknown(importId, uai);
        }
        if (applied.contains(importId)) {
            throw new CommandRejectedException(Kind.CONFLICT, "IMPORT_ALREADY_APPLIED", "This import was applied: it cannot be"
                    + " discarded. Roll it back to undo its changes.");
        }
        if (discarded.contains(importId)) {
            throw new CommandRejectedException(Kind.CONFLICT, "IMPORT_ALREADY_DISCARDED", "This plan was already discarded.");
        }
    }

    private static CommandRejectedException unknown(String importId, Uai uai) {
        return new CommandRejectedException(Kind.NOT_FOUND, "IMPORT_UNKNOWN", "Import " + importId + " is not an import of school "
                + uai + ".");
    }

    /** One import change to compensate, and the fields of it to put back. */
    record Compensation(ImportedChange change, Set<String> fields) {
    }

    /** What a rollback compensates (newest first), field by field what it puts back, and the conflicts. */
    record RollbackDecision(List<Compensation> toCompensate, List<RollbackConflict> conflicts,
                            List<FieldRevert> reverts) {
    }

    /**
     * Decides a rollback without changing anything: refuses an import that cannot be rolled back, and
     * decides field by field. A field the import set that still holds the import's value is put back; a
     * field changed since (by hand, or by a later import) is a conflict, left as it is unless forced. Names
     * are put back one by one; a class and its level go together (a move is put back only if neither
     * changed since), and an arrival is undone (the account closed) only if none of its fields changed.
     * Compensations of different changes touch different fields, so the decision can be taken whole,
     * before applying.
     *
     * @param accounts the school's accounts by id, as they are now
     */
    RollbackDecision decideRollback(String importId, boolean force, boolean preview, Function<String, Account> accounts,
                                    Uai uai) {
        if (rolledBack.contains(importId)) {
            throw new CommandRejectedException(Kind.CONFLICT, "IMPORT_ALREADY_ROLLED_BACK", "This import was already rolled back.");
        }
        if (discarded.contains(importId)) {
            throw new CommandRejectedException(Kind.CONFLICT, "IMPORT_DISCARDED", "This plan was discarded without being"
                    + " applied: there is nothing to roll back.");
        }
        if (!applied.contains(importId)) {
            if (!planned.containsKey(importId)) {
                throw unknown(importId, uai);
            }
            throw new CommandRejectedException(Kind.CONFLICT, "IMPORT_NOT_APPLIED",
                    "This import was never applied: there is nothing to roll back.");
        }
        List<ImportedChange> made = changes.getOrDefault(importId, List.of());
        String outcome = preview ? (force ? "would be put back anyway (force)." : "would be left as it is.")
                : (force ? "put back anyway (force)." : "left as it is.");
        List<Compensation> toCompensate = new ArrayList<>();
        List<RollbackConflict> conflicts = new ArrayList<>();
        List<FieldRevert> reverts = new ArrayList<>();
        for (int i = made.size() - 1; i >= 0; i--) {
            ImportedChange change = made.get(i);
            Account account = accounts.apply(change.accountId().value());
            String login = account == null ? null : account.login().value();
            if (account == null || account.status() == AccountStatus.ERASED) {
                conflicts.add(new RollbackConflict(change.accountId().value(), login, change.kind(), "status",
                        "The account was erased since this import: nothing to put back."));
                continue;
            }
            List<ImportedChange.FieldValue> fields = change.fields();
            Set<String> changedSince = new LinkedHashSet<>();
            for (ImportedChange.FieldValue field : fields) {
                if (!Objects.equals(ImportedChange.valueOf(account, field.field()), field.after())) {
                    changedSince.add(field.field());
                    conflicts.add(new RollbackConflict(change.accountId().value(), login, change.kind(), field.field(),
                            "Changed after this import: " + outcome));
                }
            }
            Set<String> revert = new LinkedHashSet<>();
            for (ImportedChange.FieldValue field : fields) {
                boolean wholeKept = change.kind() != ChangeKind.RENAME && change.kind() != ChangeKind.ACCENTS
                        && !changedSince.isEmpty() && !force;
                if (!wholeKept && (force || !changedSince.contains(field.field()))) {
                    revert.add(field.field());
                }
            }
            if (revert.isEmpty()) {
                continue;
            }
            toCompensate.add(new Compensation(change, revert));
            if (change.kind() == ChangeKind.ARRIVAL) {
                reverts.add(new FieldRevert(change.accountId().value(), login, change.kind(), "status",
                        account.status().name(), "CLOSED"));
            } else {
                for (ImportedChange.FieldValue field : fields) {
                    if (revert.contains(field.field())) {
                        reverts.add(new FieldRevert(change.accountId().value(), login, change.kind(), field.field(),
                                ImportedChange.valueOf(account, field.field()), field.before()));
                    }
                }
            }
        }
        return new RollbackDecision(List.copyOf(toCompensate), List.copyOf(conflicts), List.copyOf(reverts));
    }

    /**
     * The events that put back the chosen fields of one import change, from the account's present state
     * (asked again before each compensation, once the previous ones are applied). They say they are the
     * rollback of {@code importId}.
     */
    static List<Object> compensation(Compensation compensation, Account account, Uai uai, String importId) {
        ImportedChange change = compensation.change();
        Set<String> fields = compensation.fields();
        AccountId id = change.accountId();
        Origin rollback = Origin.ROLLBACK;
        List<Object> events = new ArrayList<>(2);
        switch (change.kind()) {
            case ARRIVAL -> {
                if (account.status() == AccountStatus.ACTIVE) {
                    events.add(new AccountSuspended(uai, id, rollback, importId));
                }
                events.add(new AccountClosed(uai, id));
            }
            case DEPARTURE -> {
                if (account.status() == AccountStatus.SUSPENDED) {
                    events.add(new AccountReactivated(uai, id, rollback, importId));
                }
            }
            case RETURN -> {
                if (account.status() == AccountStatus.ACTIVE) {
                    events.add(new AccountSuspended(uai, id, rollback, importId));
                }
            }
            case RENAME, ACCENTS -> {
                PersonName current = account.personalData().name();
                PersonName before = change.fromName();
                PersonName restored = new PersonName(
                        fields.contains("lastName") ? before.lastName() : current.lastName(),
                        fields.contains("usageName") ? before.usageName() : current.usageName(),
                        fields.contains("firstName") ? before.firstName() : current.firstName());
                if (!current.equals(restored)) {
                    events.add(new AccountNamesCorrected(uai, id, current, restored, rollback, importId));
                }
            }
            case MOVE -> {
                ClassGroup toClass = fields.contains("classGroup") ? change.fromClass() : account.classGroup();
                Level toLevel = fields.contains("level") ? change.fromLevel() : account.level();
                if (!Objects.equals(account.classGroup(), toClass) || account.level() != toLevel) {
                    events.add(new AccountClassChanged(uai, id, account.classGroup(), account.level(), toClass, toLevel,
                            rollback, importId));
                }
            }
        }
        return events;
    }

    // --- what the event-sourcing handlers record

    /**
     * An import was planned. An event of an earlier version has no fingerprint (its rows were in the event,
     * not kept apart): it is recorded as one that no rows match.
     */
    void planned(String importId, String rowsFingerprint) {
        planned.put(importId, rowsFingerprint == null ? "" : rowsFingerprint);
    }

    void applied(String importId) {
        applied.add(importId);
    }

    void discarded(String importId) {
        discarded.add(importId);
    }

    /** A rolled-back import has nothing left to put back. */
    void rolledBack(String importId) {
        rolledBack.add(importId);
        changes.remove(importId);
    }

    /**
     * Remembers what an import changed: only an event an import made (origin IMPORT, with its import), with
     * the account as the event left it ({@code after}; null when the school does not know the account).
     */
    void record(Origin origin, String importId, Account after, ChangeKind kind, PersonName fromName,
                ClassGroup fromClass, Level fromLevel) {
        if (importId == null || origin != Origin.IMPORT || after == null) {
            return;
        }
        changes.computeIfAbsent(importId, k -> new ArrayList<>()).add(new ImportedChange(after.accountId(), kind,
                fromName, fromClass, fromLevel, after.personalData().name(), after.classGroup(), after.level(),
                after.status()));
    }

    /** An account's person was erased: the names the ledger keeps of them are erased too. */
    void erase(AccountId accountId) {
        changes.replaceAll((importId, made) -> made.stream()
                .map(c -> c.accountId().equals(accountId) ? c.erased() : c)
                .collect(Collectors.toCollection(ArrayList::new)));
    }
}
