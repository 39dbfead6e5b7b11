package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.Uai;

import java.time.Instant;

/**
 * The accounts of a school, ordered by role, class and name: now, or as they were at {@code asOf}
 * (null: now); accounts closed by a rollback only when {@code includeErased}. Answers a list of
 * {@link AccountView}.
 */
public record FindAccounts(Uai uai, boolean includeErased, Instant asOf) {

    public FindAccounts(Uai uai) {
        this(uai, false, null);
    }
}
