package fr.intrascol.sync.query.accounts;

import fr.intrascol.sync.message.query.AccountView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The accounts projection's changes over one batch of events, kept in memory and written together
 * (see {@code UnitOfWorkBatch}): each account touched is read once (all of the batch's accounts in
 * one query), changed as its events come, and written once; each event that changes an account
 * closes the account's open version and opens a new one in {@code account_version}.
 *
 * <p>Accounts are written in the order they were first touched, with their final state, so that a
 * login freed by one account (closed) before another takes it is free when the other is written.
 */
final class AccountsBatch {

    /** An account row as stored, with the bookkeeping columns the views do not show. */
    record Row(AccountView view, long lastEvent, Instant createdAt, Instant updatedAt) {
        Row with(UnaryOperator<AccountView> change, long event, Instant at) {
            return new Row(change.apply(view).withVersion(view.version() + 1), event, createdAt, at);
        }
    }

    /** One state of an account and when it started to hold; {@code validTo} is set when a later one starts. */
    static final class Version {
        final AccountView view;
        final Instant validFrom;
        Instant validTo;

        Version(AccountView view, Instant validFrom) {
            this.view = view;
            this.validFrom = validFrom;
        }
    }

    private final Map<UUID, Row> stored;
    private final Map<UUID, Row> changed = new LinkedHashMap<>();
    private final Map<UUID, Version> openVersions = new LinkedHashMap<>();
    private final List<Version> versions = new ArrayList<>();
    private final Map<UUID, Instant> closeStored = new LinkedHashMap<>();
    private final AccountRepository repository;

    AccountsBatch(AccountRepository repository, Collection<UUID> accountsOfTheBatch) {
        this.repository = repository;
        this.stored = new LinkedHashMap<>(repository.rows(accountsOfTheBatch));
        // an account of the batch not found is a new one: known absent, not looked up again one by one
        accountsOfTheBatch.forEach(id -> stored.putIfAbsent(id, null));
    }

    /** A new account; nothing if it is already there (the event was delivered before). */
    void create(AccountView account, long event, Instant at) {
        UUID id = UUID.fromString(account.accountId());
        if (current(id) != null) {
            return;
        }
        Row row = new Row(account, event, at, at);
        changed.put(id, row);
        open(id, row, at);
    }

    /**
     * Applies one event to an account, once: an event at or before the last one applied (a
     * re-delivery after a crash or a claim taken over by another node) changes nothing.
     */
    void update(String accountId, long event, Instant at, UnaryOperator<AccountView> change) {
        UUID id = UUID.fromString(accountId);
        Row row = current(id);
        if (row == null || row.lastEvent() >= event) {
            return;
        }
        Row next = row.with(change, event, at);
        changed.put(id, next);
        Version open = openVersions.get(id);
        if (open != null) {
            open.validTo = at;
        } else {
            closeStored.put(id, at);
        }
        open(id, next, at);
    }

    private Row current(UUID id) {
        Row row = changed.get(id);
        if (row == null) {
            row = stored.get(id);
            if (row == null && !stored.containsKey(id)) {
                row = repository.rows(List.of(id)).get(id); // an account outside the batch's list: rare
                stored.put(id, row);
            }
        }
        return row;
    }

    private void open(UUID id, Row row, Instant at) {
        Version version = new Version(row.view(), at);
        openVersions.put(id, version);
        versions.add(version);
    }

    /** Writes the batch: accounts, then the closing of their stored open versions, then the new versions. */
    void flush() {
        repository.write(changed.values(), closeStored, versions);
        if (!erased.isEmpty()) {
            repository.scrubVersions(erased);
        }
    }

    /** Accounts whose person was erased in this batch: their past versions lose every personal value. */
    private final java.util.Set<UUID> erased = new java.util.LinkedHashSet<>();

    void erase(String accountId, long event, Instant at) {
        update(accountId, event, at, AccountView::erased);
        erased.add(UUID.fromString(accountId));
    }
}
