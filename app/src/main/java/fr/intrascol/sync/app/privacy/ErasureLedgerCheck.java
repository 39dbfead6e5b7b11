package fr.intrascol.sync.app.privacy;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.audit.AuditedCommands;
import fr.intrascol.sync.app.audit.SystemActor;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.command.EraseAccount;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * At every start: the people of the erasure ledger stay erased, even when the database was restored
 * from a backup taken before their erasure. Their data keys are destroyed again, and an account the
 * restored database shows as not erased is erased again (origin RETENTION, actor {@code system}).
 */
@Component
public class ErasureLedgerCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ErasureLedgerCheck.class);

    private final ErasureLedger ledger;
    private final AccountReadModel accounts;
    private final AuditedCommands commands;

    public ErasureLedgerCheck(ErasureLedger ledger, AccountReadModel accounts, AuditedCommands commands) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.commands = commands;
    }

    @Override
    public void run(ApplicationArguments args) {
        reapply();
    }

    /** Erases again every listed account the database shows as not erased; answers how many. */
    private int eraseAccountsAgain() {
        int again = 0;
        for (String subject : ledger.subjects()) {
            Optional<AccountView> account = accounts.account(new AccountId(subject));
            if (account.isEmpty() || "ERASED".equals(account.get().status())
                    && AccountView.ERASED.equals(account.get().lastName())) {
                continue;
            }
            try {
                commands.send(new EraseAccount(new Uai(account.get().uai()), new AccountId(subject), true),
                        Origin.RETENTION, "Erased earlier (erasure ledger); erased again after the database was"
                                + " restored from an older backup.");
                again++;
            } catch (CommandRejectedException e) {
                log.debug("Account {} from the erasure ledger: {}", subject, e.getMessage());
            }
        }
        return again;
    }

    /** Answers how many people had to be erased again. */
    public int reapply() {
        int keys = ledger.reapply();
        int accountsAgain = SystemActor.as(RetentionJob.SYSTEM_ACTOR, this::eraseAccountsAgain);
        if (keys > 0 || accountsAgain > 0) {
            log.warn("Erasure ledger: {} key(s) destroyed again, {} account(s) erased again", keys, accountsAgain);
        }
        return Math.max(keys, accountsAgain);
    }
}
