package fr.intrascol.sync.app.privacy;

import fr.intrascol.sync.app.security.SchoolWrite;
import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.imports.ImportService;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.intrascol.TargetSync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A person's rights: erasure, and access to everything held about them. */
@RestController
public class PersonalDataController {

    private final ErasureService erasure;
    private final AccountReadModel accounts;
    private final ImportService imports;
    private final TargetSync directory;

    public PersonalDataController(ErasureService erasure, AccountReadModel accounts,
                                  ImportService imports, TargetSync directory) {
        this.erasure = erasure;
        this.accounts = accounts;
        this.imports = imports;
        this.directory = directory;
    }

    /** {@code reason} required; {@code force} (ADMIN only) erases an active account. */
    public record EraseRequest(String reason, Boolean force) {
    }

    @PostMapping("/api/accounts/{accountId}/erase")
    public AccountView erase(@PathVariable AccountId accountId, @RequestBody(required = false) EraseRequest request) {
        EraseRequest body = request == null ? new EraseRequest(null, false) : request;
        return erasure.erase(accountId, body.reason(), Boolean.TRUE.equals(body.force()))
                .orElseGet(() -> accounts.requireAccount(accountId));
    }

    /** An import that touched the person. */
    public record ImportTouched(String importId, String fileName, String status, Instant uploadedAt,
                                String uploadedBy, Instant appliedAt) {
    }

    /** What the school's IntraScol server is meant to hold for the person (its last pushed state). */
    public record DirectoryEntry(String login, String lastName, String usageName, String firstName,
                                 String classGroup, String level, String status) {
    }

    /** Everything held about one person (a GDPR access request). */
    public record PersonalDataExport(Instant exportedAt, AccountView account, List<ChangeEntry> history,
                                     List<ImportTouched> imports, DirectoryEntry directory) {
    }

    @SchoolWrite
    @GetMapping("/api/accounts/{accountId}/personal-data")
    public PersonalDataExport personalData(@PathVariable AccountId accountId) {
        return export(accountId);
    }

    /** The export, for the API and the account page's PDF alike: ADMIN, or a director of the school. */
    public PersonalDataExport export(AccountId accountId) {
        AccountView account = accounts.requireAccount(accountId);
        List<ChangeEntry> history = accounts.history(accountId);
        Set<String> importIds = new LinkedHashSet<>();
        history.stream().map(ChangeEntry::importId).filter(Objects::nonNull).forEach(importIds::add);
        List<ImportTouched> touched = importIds.stream()
                .map(id -> imports.findSummary(id).map(v -> new ImportTouched(v.importId(), v.fileName(), v.status(),
                        v.uploadedAt(), v.uploadedBy(), v.appliedAt())).orElse(null))
                .filter(Objects::nonNull).toList();
        DirectoryEntry entry = directory.entryOf(accountId.value())
                .map(a -> new DirectoryEntry(a.login(), a.lastName(), a.usageName(), a.firstName(), a.classGroup(),
                        a.level(), a.status().name()))
                .orElse(null);
        return new PersonalDataExport(Instant.now(), account, history, touched, entry);
    }
}
