package fr.intrascol.sync.app.privacy;

import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.audit.AuditedCommands;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.command.EraseAccount;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.util.Optional;

/**
 * Erasing a person (crypto-shredding): who may, the command with its reason, and the wait until the
 * read models show it. An administrator may erase any account (an active one with {@code force}); a
 * director only an account of their school that is already suspended. The school records
 * {@code AccountErased} and the person's data key is destroyed in the same transaction.
 */
@Service
public class ErasureService {

    private final AuditedCommands commands;
    private final AccountReadModel accounts;
    private final ErasureLedger ledger;

    public ErasureService(AuditedCommands commands, AccountReadModel accounts,
                          ErasureLedger ledger) {
        this.commands = commands;
        this.accounts = accounts;
        this.ledger = ledger;
    }

    /** Erases the account's person as the signed-in user, origin MANUAL. */
    public Optional<AccountView> erase(AccountId id, String reason, boolean force) {
        AccountView account = accounts.requireAccount(id);
        Uai uai = new Uai(account.uai());
        AppUser user = SchoolAccess.currentUser();
        if (!user.has(UserRole.ADMIN) && (force || !"SUSPENDED".equals(account.status()))) {
            throw new AccessDeniedException("A director erases only a suspended account of their school (a pupil"
                    + " who has left); ask an administrator for an active one.");
        }
        erase(account, reason, force, Origin.MANUAL);
        return accounts.awaitAccount(uai, id, account.version() + 1);
    }

    /** Erases without a user's rule, and without waiting for the read models: the retention job. */
    Optional<AccountView> erase(AccountView account, String reason, boolean force, Origin origin) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidValueException("reason", "Say why this person's data is erased (reason): it stays in"
                    + " the history, without the data.");
        }
        AccountId id = new AccountId(account.accountId());
        commands.send(new EraseAccount(new Uai(account.uai()), id, force), origin, reason.strip());
        ledger.record(id.value(), account.uai(), java.time.Instant.now());
        return Optional.empty();
    }
}
