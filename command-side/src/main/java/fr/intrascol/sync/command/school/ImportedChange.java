package fr.intrascol.sync.command.school;

import fr.intrascol.sync.message.imports.ChangeKind;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PersonName;

/**
 * One account change an import made, with what it replaced, so that a rollback can put it back, and
 * what the account looked like right after it ({@code after*}): if the account no longer looks like
 * that, someone changed it since, and reverting would undo their work. A password reset does not
 * count: it changes none of these.
 */
record ImportedChange(AccountId accountId, ChangeKind kind, PersonName fromName, ClassGroup fromClass,
                      Level fromLevel, PersonName afterName, ClassGroup afterClass, Level afterLevel,
                      AccountStatus afterStatus) {

    boolean stillAsLeftBy(Account account) {
        return account != null && account.personalData().name().equals(afterName)
                && java.util.Objects.equals(account.classGroup(), afterClass) && account.level() == afterLevel
                && account.status() == afterStatus;
    }
}
