package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.security.SchoolWrite;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import fr.intrascol.sync.app.accounts.AccountRequests.AccountPatch;
import fr.intrascol.sync.app.accounts.AccountRequests.NewAccount;
import fr.intrascol.sync.app.accounts.AccountRequests.PasswordResetRequest;
import fr.intrascol.sync.app.accounts.AccountService.ResetPassword;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.ChangePage;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.app.imports.CredentialsSheets;
import fr.intrascol.sync.app.web.NotFoundException;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
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
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Accounts by hand: open, edit (names, class, level, status), reset a password, read one, list a
 * school's, read an account's history. Each change is a command with the person's reason
 * ({@link AccountService}, shared with the web pages); each answer waits until the read models show
 * the change.
 */
@RestController
public class AccountsController {

    private final AccountService accounts;
    private final ClassLists classes;

    public AccountsController(AccountService accounts, ClassLists classes) {
        this.accounts = accounts;
        this.classes = classes;
    }

    /** A new account and its password, shown this once. */
    public record CreatedAccount(@JsonUnwrapped AccountView account, String password) {
    }

    @PostMapping("/api/schools/{uai}/accounts")
    public ResponseEntity<?> create(@PathVariable Uai uai, @RequestBody NewAccount request) {
        AccountService.Creation created = accounts.create(uai, request);
        URI location = URI.create("/api/accounts/" + created.accountId());
        return created.view()
                .<ResponseEntity<?>>map(view -> ResponseEntity.created(location).eTag(etag(view.version()))
                        .cacheControl(CacheControl.noStore())
                        .body(new CreatedAccount(view, created.opened().password())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).location(location)
                        .cacheControl(CacheControl.noStore()).body(created.opened()));
    }

    @GetMapping("/api/schools/{uai}/accounts")
    public List<AccountView> list(@PathVariable Uai uai, @RequestParam(required = false) String asOf,
                                  @RequestParam(defaultValue = "false") boolean includeErased) {
        return accounts.accounts(uai, asOf, includeErased);
    }

    @GetMapping("/api/accounts/{id}")
    public ResponseEntity<AccountView> get(@PathVariable AccountId id) {
        AccountView view = accounts.account(id);
        return ResponseEntity.ok().eTag(etag(view.version())).body(view);
    }

    /**
     * The version the editor saw comes from {@code If-Match} (the ETag of GET) or from {@code version}
     * in the body; without either, the edit applies to whatever the account is now.
     */
    @PatchMapping("/api/accounts/{id}")
    public ResponseEntity<?> edit(@PathVariable AccountId id, @RequestBody AccountPatch patch,
                                  @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        AccountService.Edit edit = accounts.edit(id, expectedVersion(ifMatch, patch.version()), patch);
        return edit.view()
                .<ResponseEntity<?>>map(view -> ResponseEntity.ok().eTag(etag(view.version())).body(view))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).body(edit.edited()));
    }

    @PostMapping("/api/accounts/{id}/password-reset")
    public ResponseEntity<ResetPassword> resetPassword(@PathVariable AccountId id,
                                                       @RequestBody(required = false) PasswordResetRequest request,
                                                       @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        PasswordResetRequest body = request != null ? request : new PasswordResetRequest(null, null);
        ResetPassword reset = accounts.resetPassword(id, expectedVersion(ifMatch, body.version()), body.reason());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).eTag(etag(reset.version())).body(reset);
    }

    /**
     * Every change of the account, oldest first: the whole list, or one page {@code {items, total}}
     * when {@code page} or {@code size} is given.
     */
    @GetMapping("/api/accounts/{id}/history")
    public Object history(@PathVariable AccountId id, @RequestParam(required = false) Integer page,
                          @RequestParam(required = false) Integer size) {
        List<ChangeEntry> history = accounts.history(id);
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

    /** The class lists (pupils and logins, no password): every class, one per page, or {@code classGroup}'s. */
    @GetMapping("/api/schools/{uai}/class-lists.pdf")
    public ResponseEntity<byte[]> classLists(@PathVariable Uai uai,
                                             @RequestParam(required = false) String classGroup) {
        byte[] pdf = classes.listPdf(uai, classGroup == null || classGroup.isBlank() ? null : classGroup.strip());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).cacheControl(CacheControl.noStore())
                .header("Content-Disposition", ContentDisposition.attachment()
                        .filename("listes-de-classe-" + uai + ".pdf", StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }

    /** What a class's new passwords ask for. */
    public record ClassPasswordsRequest(String classGroup, String reason, Boolean confirm) {
    }

    /** A class's new passwords: the accounts reset (no password here) and the sheet that holds the passwords, once. */
    public record ClassPasswordsAnswer(String classGroup, int count, int expected, boolean complete,
                                       List<ResetAccount> accounts, String credentialsSheet) {
    }

    public record ResetAccount(String accountId, String login) {
    }

    @PostMapping("/api/schools/{uai}/class-password-reset")
    public ResponseEntity<ClassPasswordsAnswer> resetClassPasswords(@PathVariable Uai uai,
                                                                    @RequestBody(required = false) ClassPasswordsRequest request) {
        ClassPasswordsRequest body = request != null ? request : new ClassPasswordsRequest(null, null, null);
        ClassLists.ClassPasswords reset = classes.resetPasswords(uai, body.classGroup() == null ? null
                : body.classGroup().strip(), body.reason(), Boolean.TRUE.equals(body.confirm()));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new ClassPasswordsAnswer(
                reset.classGroup(), reset.pupils().size(), reset.expected(), reset.failure() == null,
                reset.pupils().stream().map(p -> new ResetAccount(p.accountId(), p.login())).toList(),
                "/api/schools/" + uai + "/class-password-reset/" + reset.sheet() + "/credentials.pdf"));
    }

    /** The class's credentials sheet, given once (like an import's). */
    @SchoolWrite
    @GetMapping("/api/schools/{uai}/class-password-reset/{sheet}/credentials.pdf")
    public ResponseEntity<byte[]> classCredentials(@PathVariable Uai uai, @PathVariable String sheet) {
        CredentialsSheets.Pending pending = classes.sheet(uai, sheet, true).orElseThrow(() -> new NotFoundException(
                "No credentials sheet " + sheet + " for " + uai + ": it was already downloaded, or its time is up"
                        + " (the passwords are held in memory only). Reset the class's passwords again if needed."));
        return CredentialsSheets.download(CredentialsSheets.render(pending, null), "identifiants-" + uai + ".pdf");
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
