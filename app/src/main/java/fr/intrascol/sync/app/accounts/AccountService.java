package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.accounts.AccountRequests.AccountPatch;
import fr.intrascol.sync.app.accounts.AccountRequests.NewAccount;
import fr.intrascol.sync.app.audit.AuditedCommands;
import fr.intrascol.sync.app.web.DateParams;
import fr.intrascol.sync.message.command.AccountEdited;
import fr.intrascol.sync.message.command.AccountOpened;
import fr.intrascol.sync.message.command.CreateAccount;
import fr.intrascol.sync.message.command.EditAccount;
import fr.intrascol.sync.message.command.NewPassword;
import fr.intrascol.sync.message.command.ResetAccountPassword;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.AccountPage;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.FindAccountPage;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.Uai;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Accounts by hand, for the JSON API and the web pages alike: who may, the command with its reason,
 * and the wait until the read models show the change (read-your-writes). Both interfaces go through
 * here, so they apply the same rules and leave the same history.
 */
@Service
public class AccountService {

    private final AuditedCommands commands;
    private final AccountReadModel readModel;
    private final ZoneId zone;

    public AccountService(AuditedCommands commands, AccountReadModel readModel,
                          ZoneId zone) {
        this.commands = commands;
        this.readModel = readModel;
        this.zone = zone;
    }

    /** An opened account: the command's answer (login, the clear password) and the read model's view once it shows it. */
    public record Creation(AccountId accountId, AccountOpened opened, Optional<AccountView> view) {
    }

    /** An edit: the command's answer and the read model's view once it shows it. */
    public record Edit(AccountEdited edited, Optional<AccountView> view) {
    }

    /** A new password, shown this once. */
    public record ResetPassword(String accountId, String login, String password, long version) {

        @Override
        public String toString() {
            return "ResetPassword[accountId=" + accountId + ", login=" + login + ", version=" + version + "]";
        }
    }

    public Creation create(Uai uai, NewAccount request) {
        PersonalData person = new PersonalData(
                new PersonName(request.lastName(), request.usageName(), request.firstName()),
                DateParams.date("birthDate", request.birthDate()), request.ine());
        AccountId id = AccountId.random();
        AccountOpened opened = commands.send(new CreateAccount(uai, id, AccountRequests.role(request.role()), person,
                ClassGroup.ofNullable(request.classGroup()), AccountRequests.level(request.level())),
                Origin.MANUAL, request.reason());
        return new Creation(id, opened, readModel.awaitAccount(uai, id, opened.version()));
    }

    /**
     * A school's accounts, now or as they were at {@code asOf} (an instant, or a date: the end of that
     * day in the schools' time zone); closed ones too when {@code includeErased} (not with asOf).
     */
    public List<AccountView> accounts(Uai uai, String asOf, boolean includeErased) {
        readModel.requireSchool(uai);
        return readModel.accounts(uai, includeErased, asOf(asOf));
    }

    /** One page of a school's accounts as {@code query} searches and filters them (the list page). */
    public AccountPage page(FindAccountPage query) {
        readModel.requireSchool(query.uai());
        return readModel.page(query);
    }

    /**
     * The moment {@code asOf} names: an instant as given; a date, the last moment of that day; a local date and
     * time as a datetime-local field sends it (2026-12-06T14:30, seconds optional), the last moment of that
     * minute (or second) in the schools' time zone, so that two imports and a rollback of one day can be told
     * apart. Null for none.
     */
    public Instant asOf(String asOf) {
        if (asOf != null && LOCAL_MOMENT.matcher(asOf.strip()).matches()) {
            String value = asOf.strip();
            try {
                LocalDateTime moment = LocalDateTime.parse(value);
                return moment.plus(1, value.length() == 16 ? ChronoUnit.MINUTES : ChronoUnit.SECONDS)
                        .atZone(zone).toInstant().minusNanos(1);
            } catch (DateTimeParseException e) {
                throw new InvalidValueException("asOf", "'" + asOf + "' is not a date and time: write"
                        + " 2026-09-01T14:30, 2026-09-01 or 2026-09-01T08:00:00Z.");
            }
        }
        Instant at = DateParams.instant("asOf", asOf, zone, true);
        return at == null ? null : asOf.strip().length() == 10 ? at.minusNanos(1) : at;
    }

    /** A date and a time without zone, as a datetime-local field sends it. */
    private static final Pattern LOCAL_MOMENT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");

    /** The account (whether the user may read or change its school was asked by {@code SchoolAccessGuard}). */
    public AccountView account(AccountId id) {
        return readModel.requireAccount(id);
    }

    /** Every change of the account, oldest first. */
    public List<ChangeEntry> history(AccountId id) {
        account(id);
        return readModel.history(id);
    }

    /** Edits the account as {@code patch} says; {@code expectedVersion} (null: none) refuses an outdated edit. */
    public Edit edit(AccountId id, Long expectedVersion, AccountPatch patch) {
        AccountView current = account(id);
        AccountEdited edited = commands.send(new EditAccount(new Uai(current.uai()), id, expectedVersion,
                patch.lastName(), patch.usageName(), patch.firstName(), patch.classGroup(),
                AccountRequests.level(patch.level()), AccountRequests.status(patch.status())),
                Origin.MANUAL, patch.reason());
        return new Edit(edited, readModel.awaitAccount(new Uai(current.uai()), id, edited.version()));
    }

    /**
     * New passwords for every active pupil of a class, in the order given: each account's own reset, with the
     * reason in its history, exactly as one reset. Stops at the first refusal; what was reset before it is in
     * the answer ({@code failure} set) so that those passwords are not lost.
     */
    public ClassReset resetPasswords(Uai uai, List<AccountView> pupils, String reason) {
        List<ResetPassword> done = new ArrayList<>();
        RuntimeException failure = null;
        for (AccountView pupil : pupils) {
            try {
                AccountId id = new AccountId(pupil.accountId());
                NewPassword reset = commands.send(new ResetAccountPassword(uai, id, null), Origin.MANUAL, reason);
                done.add(new ResetPassword(pupil.accountId(), pupil.login(), reset.password(), reset.version()));
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        if (done.isEmpty() && failure != null) {
            throw failure;
        }
        if (!done.isEmpty()) {
            ResetPassword last = done.get(done.size() - 1);
            readModel.awaitAccount(uai, new AccountId(last.accountId()), last.version());
        }
        return new ClassReset(done, failure);
    }

    /** A class's new passwords, in the order of the pupils given; {@code failure}: why it stopped early. */
    public record ClassReset(List<ResetPassword> resets, RuntimeException failure) {
    }

    /** A new generated password for the account; the clear password is in the answer only. */
    public ResetPassword resetPassword(AccountId id, Long expectedVersion, String reason) {
        AccountView current = account(id);
        NewPassword reset = commands.send(new ResetAccountPassword(new Uai(current.uai()), id, expectedVersion),
                Origin.MANUAL, reason);
        readModel.awaitAccount(new Uai(current.uai()), id, reset.version());
        return new ResetPassword(id.value(), current.login(), reset.password(), reset.version());
    }
}
