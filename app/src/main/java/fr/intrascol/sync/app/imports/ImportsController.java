package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.security.SchoolWrite;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.command.ImportApplication;
import fr.intrascol.sync.message.command.ImportRollback;
import fr.intrascol.sync.message.imports.RollbackConflict;
import fr.intrascol.sync.message.imports.FieldRevert;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import org.springframework.security.access.AccessDeniedException;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.PlanWarning;
import fr.intrascol.sync.message.imports.PlannedChange;
import fr.intrascol.sync.message.imports.ProbableRename;
import fr.intrascol.sync.message.imports.RenameDecisions;
import fr.intrascol.sync.message.query.FindImports;
import fr.intrascol.sync.message.query.ImportView;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.RowProblem;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Imports of BE1d / ONDE extractions: upload and plan, review, apply, and print the new accounts'
 * credentials once. Nothing changes in the accounts before {@code apply}.
 */
@RestController
public class ImportsController {

    private final ImportService imports;
    private final SchoolAccess access;
    private final QueryGateway queries;
    private final CredentialsSheets sheets;

    public ImportsController(ImportService imports, SchoolAccess access, QueryGateway queries,
                             CredentialsSheets sheets) {
        this.imports = imports;
        this.access = access;
        this.queries = queries;
        this.sheets = sheets;
    }

    /** An import as the API shows it: never the raw rows. */
    public record ImportResponse(String importId, String uai, String fileName, String sha256, String format,
                                 String encoding, String status, String uploadedBy, Instant uploadedAt,
                                 String appliedBy, Instant appliedAt, String rejection, ImportSummary summary,
                                 Boolean massDeparture, Boolean olderFile, List<PlannedChange> changes,
                                 List<ProbableRename> probableRenames, List<PlanWarning> warnings,
                                 List<RowProblem> problems, List<Integer> excludedLines, RenameDecisions decisions,
                                 String rolledBackBy, Instant rolledBackAt, ImportView.Rollback rollback,
                                 ImportView.Discard discard, String credentialsSheet, boolean alreadyApplied) {

        /**
         * @param detailed with the changes and problems (one import), or counts only (a list)
         * @param sheetAvailable the credentials sheet can be downloaded by this user now
         */
        static ImportResponse of(ImportView view, boolean detailed, boolean sheetAvailable) {
            var plan = view.plan();
            boolean hasPlan = plan != null;
            return new ImportResponse(view.importId(), view.uai(), view.fileName(), view.sha256(), view.format(),
                    view.encoding(), view.status(), view.uploadedBy(), view.uploadedAt(), view.appliedBy(),
                    view.appliedAt(), view.rejection(),
                    view.appliedSummary() != null ? view.appliedSummary() : hasPlan ? plan.summary() : null,
                    hasPlan ? plan.massDeparture() : null, hasPlan ? plan.olderFile() : null,
                    hasPlan && detailed ? plan.changes() : null,
                    hasPlan && detailed ? plan.probableRenames() : null,
                    hasPlan ? plan.warnings() : null,
                    detailed ? view.problems() : null, view.excludedLines(), view.decisions(),
                    view.rolledBackBy(), view.rolledBackAt(), view.rollback(), view.discard(),
                    sheetAvailable ? "/api/imports/" + view.importId() + "/credentials.pdf" : null, false);
        }

        /** The applied import whose file was uploaded again, with nothing to change ({@code alreadyApplied}). */
        static ImportResponse alreadyApplied(ImportView view) {
            ImportResponse r = of(view, false, false);
            return new ImportResponse(r.importId, r.uai, r.fileName, r.sha256, r.format, r.encoding, r.status,
                    r.uploadedBy, r.uploadedAt, r.appliedBy, r.appliedAt, r.rejection, r.summary, r.massDeparture,
                    r.olderFile, r.changes, r.probableRenames, r.warnings, r.problems, r.excludedLines, r.decisions,
                    r.rolledBackBy, r.rolledBackAt, r.rollback, r.discard, r.credentialsSheet, true);
        }
    }

    /**
     * Every field is optional. {@code takeFileValues}: the accounts (ids) whose lines marked
     * {@code revertsManualChange} take the file's values; every other marked line keeps the values set by
     * hand. {@code confirmOlderFile}: apply a file that looks older than the last import.
     */
    public record ApplyRequest(Boolean confirmMassDeparture, Set<Integer> excludeLines, Set<Integer> confirmRenames,
                               Set<Integer> rejectRenames, Set<String> takeFileValues, Boolean confirmOlderFile) {
    }

    @PostMapping(path = "/api/schools/{uai}/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<ImportResponse> upload(@PathVariable Uai uai,
                                                 @RequestParam(value = "file", required = false) MultipartFile file)
            throws IOException {
        if (file == null) {
            throw new InvalidValueException("file", "Send the extraction as the form field 'file'"
                    + " (multipart/form-data), e.g. curl -F file=@CSVExtraction.csv.");
        }
        byte[] content = file.getBytes();
        Optional<ImportView> applied = imports.alreadyApplied(uai, content);
        if (applied.isPresent()) {
            return ResponseEntity.ok().location(URI.create("/api/imports/" + applied.get().importId()))
                    .body(ImportResponse.alreadyApplied(applied.get()));
        }
        ImportService.Planned planned = imports.plan(uai, file.getOriginalFilename(), content);
        URI location = URI.create("/api/imports/" + planned.importId());
        return planned.view()
                .map(view -> ResponseEntity.created(location).body(ImportResponse.of(view, true, false)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).location(location).build());
    }

    @GetMapping("/api/schools/{uai}/imports")
    public List<ImportResponse> list(@PathVariable Uai uai) {
        return queries.query(new FindImports(uai), ResponseTypes.multipleInstancesOf(ImportView.class)).join()
                .stream().map(v -> ImportResponse.of(v, false, false)).toList();
    }

    @GetMapping("/api/imports/{importId}")
    public ImportResponse get(@PathVariable String importId) {
        ImportView view = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        Uai uai = new Uai(view.uai());
        return ImportResponse.of(view, true, sheets.isAvailable(importId) && access.canWrite(uai));
    }

    @PostMapping("/api/imports/{importId}/apply")
    public ImportResponse apply(@PathVariable String importId, @RequestBody(required = false) ApplyRequest request) {
        ImportView view = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        ApplyRequest body = request != null ? request : new ApplyRequest(false, Set.of(), Set.of(), Set.of(), Set.of(),
                false);
        if (body.takeFileValues() != null && body.takeFileValues().size() > MAX_CHOICES) {
            throw new InvalidValueException("takeFileValues", "At most " + MAX_CHOICES + " accounts can be named.");
        }
        ImportApplication application = imports.apply(importId, new ImportService.ApplyOptions(
                Boolean.TRUE.equals(body.confirmMassDeparture()), orEmpty(body.excludeLines()),
                orEmpty(body.confirmRenames()), orEmpty(body.rejectRenames()), body.takeFileValues(),
                Boolean.TRUE.equals(body.confirmOlderFile())));
        ImportView applied = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        return ImportResponse.of(applied, true, !application.credentials().isEmpty());
    }

    /** Most accounts one apply can name (a school has a few hundred pupils). */
    static final int MAX_CHOICES = 5_000;

    /** {@code reason} is required. */
    public record DiscardRequest(String reason) {
    }

    /**
     * Drops a plan that will not be applied: by the person who uploaded it, or an administrator. The plan
     * stays listed, as DISCARDED, with who, when and why.
     */
    @PostMapping("/api/imports/{importId}/discard")
    public ImportResponse discard(@PathVariable String importId, @RequestBody(required = false) DiscardRequest request) {
        ImportView view = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        Uai uai = new Uai(view.uai());
        AppUser user = SchoolAccess.currentUser();
        if (!user.has(UserRole.ADMIN) && !user.username().equals(view.uploadedBy())) {
            throw new AccessDeniedException("Only the person who uploaded this file (" + view.uploadedBy()
                    + ") or an administrator can discard its plan.");
        }
        imports.discard(importId, request == null ? null : request.reason(), Origin.MANUAL);
        ImportView after = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        return ImportResponse.of(after, false, false);
    }

    /** {@code reason} is required; {@code force} also reverts changes of accounts changed since. */
    public record RollbackRequest(String reason, Boolean force) {
    }

    /** What a rollback answers (DESIGN's contract), plus who did it. */
    public record RollbackResponse(String importId, String status, int compensated, List<RollbackConflict> conflicts,
                                   String rolledBackBy, Instant rolledBackAt) {
    }

    @PostMapping("/api/imports/{importId}/rollback")
    public RollbackResponse rollback(@PathVariable String importId, @RequestBody(required = false) RollbackRequest request) {
        ImportView view = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        RollbackRequest body = request != null ? request : new RollbackRequest(null, false);
        ImportRollback rollback = imports.rollback(importId, body.reason(), Boolean.TRUE.equals(body.force()));
        ImportView after = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        return new RollbackResponse(importId, after.status(), rollback.compensated(), rollback.conflicts(),
                after.rolledBackBy(), after.rolledBackAt());
    }

    /** What a rollback would do now (nothing is changed): the same decision as the rollback's. */
    public record RollbackPreviewResponse(String importId, String status, boolean force, int compensated,
                                          List<RollbackConflict> conflicts, List<FieldRevert> reverts) {
    }

    @SchoolWrite
    @GetMapping("/api/imports/{importId}/rollback-preview")
    public RollbackPreviewResponse rollbackPreview(@PathVariable String importId,
                                                   @RequestParam(defaultValue = "false") boolean force) {
        ImportView view = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        ImportRollback preview = imports.previewRollback(importId, force);
        return new RollbackPreviewResponse(importId, view.status(), force, preview.compensated(), preview.conflicts(),
                preview.reverts());
    }

    /** The printable credentials of the accounts this import opened: available once, then gone. */
    @SchoolWrite
    @GetMapping("/api/imports/{importId}/credentials.pdf")
    public ResponseEntity<byte[]> credentials(@PathVariable String importId) {
        ImportView view = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        CredentialsSheets.Pending pending = sheets.take(importId).orElseThrow(() -> new NotFoundException(
                "The credentials sheet of this import is no longer available: it is given once, right after"
                        + " applying, and passwords are never kept. Reset the passwords of the pupils concerned"
                        + " to print new ones."));
        return CredentialsSheets.download(CredentialsSheets.render(pending, null), "identifiants-" + view.uai() + ".pdf");
    }

    private static Set<Integer> orEmpty(Set<Integer> lines) {
        return lines == null ? Set.of() : lines;
    }
}
