package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.imports.ImportSummary;

import java.util.List;

/**
 * What applying an import did, and the new accounts' one-time passwords (for the credentials sheet;
 * never stored, never logged).
 */
public record ImportApplication(String importId, ImportSummary summary, List<NewCredential> credentials) {

    /** A new account's login and clear password, to print once. */
    public record NewCredential(String accountId, String classGroup, String lastName, String firstName, String login,
                                String password) {
        @Override
        public String toString() {
            return "NewCredential[" + accountId + ", " + login + "]";
        }
    }

    @Override
    public String toString() {
        return "ImportApplication[" + importId + ", " + summary + ", " + credentials.size() + " credentials]";
    }
}
