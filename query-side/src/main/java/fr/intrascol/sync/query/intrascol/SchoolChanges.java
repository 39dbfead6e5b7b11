package fr.intrascol.sync.query.intrascol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One school's account changes over a batch of events, pushed together: {@code before} is every account
 * of the school as the projector last pushed it (its state before the batch), {@code changed} the final
 * state of each account the batch's events touched (one per account, in the order first touched).
 */
public record SchoolChanges(String uai, List<DirectoryAccount> before, List<DirectoryAccount> changed) {

    public SchoolChanges {
        before = List.copyOf(before);
        changed = List.copyOf(changed);
    }

    /** The account as it was before the batch; null for one the batch created. */
    public DirectoryAccount before(String accountId) {
        return beforeById().get(accountId);
    }

    /** The accounts as they were before the batch, by id. */
    public Map<String, DirectoryAccount> beforeById() {
        Map<String, DirectoryAccount> byId = new LinkedHashMap<>();
        before.forEach(a -> byId.put(a.accountId(), a));
        return byId;
    }

    /** Every account of the school once the batch is applied. */
    public List<DirectoryAccount> after() {
        Map<String, DirectoryAccount> byId = beforeById();
        changed.forEach(a -> byId.put(a.accountId(), a));
        return new ArrayList<>(byId.values());
    }
}
