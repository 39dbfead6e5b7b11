package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.AccountId;

/** A freshly generated password, shown once and never stored in clear. */
public record NewPassword(AccountId accountId, String password, long version) {

    @Override
    public String toString() {
        return "NewPassword[accountId=" + accountId + ", version=" + version + "]";
    }
}
