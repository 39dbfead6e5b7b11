package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.Uai;

/**
 * The accounts of a school, ordered by role, class and name; accounts closed by a rollback only when
 * {@code includeErased}. Answers a list of {@link AccountView}.
 */
public record FindAccounts(Uai uai, boolean includeErased) {

    public FindAccounts(Uai uai) {
        this(uai, false);
    }
}
