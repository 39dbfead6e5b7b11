package fr.intrascol.sync.app.accounts;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import fr.intrascol.sync.app.accounts.AccountRequests.AccountPatch;
import fr.intrascol.sync.app.accounts.AccountRequests.NewAccount;
import fr.intrascol.sync.app.accounts.AccountRequests.PasswordResetRequest;
import fr.intrascol.sync.app.audit.AuditedCommands;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.DateParams;
import fr.intrascol.sync.message.command.AccountEdited;
import fr.intrascol.sync.message.command.AccountOpened;
import fr.intrascol.sync.message.command.CreateAccount;
import fr.intrascol.sync.message.command.EditAccount;
import fr.intrascol.sync.message.command.NewPassword;
import fr.intrascol.sync.message.command.ResetAccountPassword;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.ChangePage;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.ClassGroup;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.Uai;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Accounts by hand: open, edit (names, class, level, status), reset a password, read one, list a
 * school's, read an account's history. Each change is a command with the person's reason; each
 * answer waits until the read models show the change.
 */
@RestController
public class AccountsController {

    private final AuditedCommands commands;
    private final AccountReadModel readModel;
    private final SchoolAccess access;

    private final ZoneId zone;

    public AccountsController(AuditedCommands commands, AccountReadModel readModel, SchoolAccess access,
                              @Value("${intrascol.time-zone:Europe/Paris}") ZoneId zone) {
        this.zone = zone;
        this.commands = commands;
        this.readModel = readModel;
        this.access = access;
    }

    /** A new account and its password, shown this once. */
    public record CreatedAccount(@JsonUnwrapped AccountView account, String password) {
    }

    /** A new password, shown this once. */
    public record ResetPassword(String accountId, String login, String password, long version) {
    }

    @PostMapping("/api/schools/{uai}/accounts")
    public ResponseEntity<?> create(@PathVariable Uai uai, @RequestBody NewAccount request) {
        access.requireWrite(uai);
        PersonalData person = new PersonalData(
                new PersonName(request.lastName(), request.usageName(), request.firstName()),
                DateParams.date("birthDate", request.birthDate()), request.ine());
        AccountId id = AccountId.random();
        AccountOpened opened = commands.send(new CreateAccount(uai, id, AccountRequests.role(request.role()), person,
                ClassGroup.ofNullable(request.classGroup()), AccountRequests.level(request.level())),
                Origin.MANUAL, request.reason());
        URI location = URI.create("/api/accounts/" + id);
        return readModel.awaitAccount(id, opened.version())
                .<ResponseEntity<?>>map(view -> ResponseEntity.created(location).eTag(etag(view.version()))
                        .cacheControl(CacheControl.noStore())
                        .body(new CreatedAccount(view, opened.password())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).location(location)
                        .cacheControl(CacheControl.noStore()).body(opened));
    }

    @GetMapping("/api/schools/{uai}/accounts")
    public List<AccountView> list(@PathVariable Uai uai, @RequestParam(required = false) String asOf,
                                  @RequestParam(defaultValue = "false") boolean includeErased) {
        access.requireRead(uai);
        readModel.requireSchool(uai);
        // a date means the end of that day: the accounts as they were when it ended
        Instant at = DateParams.instant("asOf", asOf, zone, true);
        return readModel.accounts(uai, includeErased, at == null ? null
                : asOf.strip().length() == 10 ? at.minusNanos(1) : at);
    }

    @GetMapping("/api/accounts/{id}")
    public ResponseEntity<AccountView> get(@PathVariable AccountId id) {
        AccountView view = readableAccount(id);
        return ResponseEntity.ok().eTag(etag(view.version())).body(view);
    }

    /**
     * The version the editor saw comes from {@code If-Match} (the ETag of GET) or from {@code version}
     * in the body; without either, the edit applies to whatever the account is now.
     */
    @PatchMapping("/api/accounts/{id}")
    public ResponseEntity<?> edit(@PathVariable AccountId id, @RequestBody AccountPatch patch,
                                  @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        AccountView current = writableAccount(id);
        Long expected = expectedVersion(ifMatch, patch.version());
        AccountEdited edited = commands.send(new EditAccount(new Uai(current.uai()), id, expected, patch.lastName(),
                patch.usageName(), patch.firstName(), patch.classGroup(), AccountRequests.level(patch.level()),
                AccountRequests.status(patch.status())), Origin.MANUAL, patch.reason());
        return readModel.awaitAccount(id, edited.version())
                .<ResponseEntity<?>>map(view -> ResponseEntity.ok().eTag(etag(view.version())).body(view))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).body(edited));
    }

    @PostMapping("/api/accounts/{id}/password-reset")
    public ResponseEntity<ResetPassword> resetPassword(@PathVariable AccountId id,
                                                       @RequestBody(required = false) PasswordResetRequest request,
                                                       @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        AccountView current = writableAccount(id);
        PasswordResetRequest body = request != null ? request : new PasswordResetRequest(null, null);
        NewPassword reset = commands.send(new ResetAccountPassword(new Uai(current.uai()), id,
                expectedVersion(ifMatch, body.version())), Origin.MANUAL, body.reason());
        readModel.awaitAccount(id, reset.version());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).eTag(etag(reset.version()))
                .body(new ResetPassword(id.value(), current.login(), reset.password(), reset.version()));
    }

    /**
     * Every change of the account, oldest first: the whole list, or one page {@code {items, total}}
     * when {@code page} or {@code size} is given.
     */
    @GetMapping("/api/accounts/{id}/history")
    public Object history(@PathVariable AccountId id, @RequestParam(required = false) Integer page,
                          @RequestParam(required = false) Integer size) {
        readableAccount(id);
        List<ChangeEntry> history = readModel.history(id);
        if (page == null && size == null) {
            return history;
        }
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? 50 : size;
        if (pageNumber < 0) {
            throw new InvalidValueException("page", "page must be 0 or more.");
        }
        if (pageSize < 1 || pageSize > 500) {
            throw new InvalidValueException("size", "size must be between 1 and 500.");
        }
        int start = (int) Math.min((long) pageNumber * pageSize, history.size());
        return new ChangePage(history.subList(start, Math.min(start + pageSize, history.size())), history.size());
    }

    private AccountView readableAccount(AccountId id) {
        AccountView view = readModel.requireAccount(id);
        access.requireRead(new Uai(view.uai()));
        return view;
    }

    private AccountView writableAccount(AccountId id) {
        AccountView view = readModel.requireAccount(id);
        access.requireWrite(new Uai(view.uai()));
        return view;
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static Long expectedVersion(String ifMatch, Long bodyVersion) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return bodyVersion;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        try {
            return Long.parseLong(value.replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new InvalidValueException("If-Match", "If-Match must be the ETag of the account, e.g. \"3\".");
        }
    }
}
