package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.Uai;

/** The current accounts of a school, ordered by role, class and name. Answers a list of {@link AccountView}. */
public record FindAccounts(Uai uai) {
}
