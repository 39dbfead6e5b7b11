package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Login;

/** What {@link CreateAccount} answers: the new account's login and its one-time clear password. */
public record AccountOpened(AccountId accountId, Login login, String password, long version) {

    @Override
    public String toString() {
        return "AccountOpened[accountId=" + accountId + ", login=" + login + ", version=" + version + "]";
    }
}
