package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.security.SchoolWrite;
import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.app.users.AppUser;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.meta.Origin;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.ImportView;
import fr.intrascol.sync.message.value.Folding;
import fr.intrascol.sync.message.value.Uai;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The start-of-year import as a director goes through it: upload the ONDE extraction, check what it
 * will change and decide what needs deciding, apply it (in the background, with a progress page), then
 * print the new accounts' credentials, class by class; or drop the plan, saying why. The same
 * {@link ImportService} as the API does the work; these handlers only check access, gather what a page
 * shows and say refusals in French.
 */
@WebPage
public class ImportPages {

    private final ImportService imports;
    private final ImportJobs jobs;
    private final CredentialsSheets sheets;
    private final SchoolAccess access;
    private final AccountReadModel readModel;
    private final QueryGateway queries;
    private final FrenchMessages french;
    private final FrenchText text;

    public ImportPages(ImportService imports, ImportJobs jobs, CredentialsSheets sheets, SchoolAccess access,
                       AccountReadModel readModel, QueryGateway queries, FrenchMessages french,
                       FrenchText text) {
        this.imports = imports;
        this.jobs = jobs;
        this.sheets = sheets;
        this.access = access;
        this.readModel = readModel;
        this.queries = queries;
        this.french = french;
        this.text = text;
    }

    // ---- upload ------------------------------------------------------------------------------------

    @SchoolWrite
    @GetMapping("/schools/{uai}/imports/new")
    public String uploadForm(@PathVariable Uai uai, Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        return "imports/new";
    }

    @PostMapping(path = "/schools/{uai}/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public String upload(@PathVariable Uai uai, @RequestParam(value = "file", required = false) MultipartFile file,
                         Model model, HttpServletResponse response) throws IOException {
        model.addAttribute("school", readModel.requireSchool(uai));
        if (file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("error", french.text("invalid.file"));
            return "imports/new";
        }
        try {
            ImportService.Planned planned = imports.plan(uai, file.getOriginalFilename(), file.getBytes());
            return "redirect:/imports/" + planned.importId() + "/plan";
        } catch (ImportRejectedException e) {
            // the refusal is recorded (a REJECTED import); the page says why, and which file it was
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("error", french.describe(e));
            model.addAttribute("refusedFile", file.getOriginalFilename());
            return "imports/new";
        }
    }

    // ---- preview and decisions ---------------------------------------------------------------------

    @GetMapping("/imports/{importId}/plan")
    public String plan(@PathVariable String importId, @RequestParam(name = "onglet", required = false) String tab,
                       Model model) {
        Opened opened = open(importId);
        if (opened.running() || opened.applied()) {
            return "redirect:" + opened.next();
        }
        ImportView view = opened.view();
        Uai uai = opened.uai();
        // refusals: the decisions missing from the last click (flash), else why the last apply was refused
        PlanScreen.Choices choices = PlanScreen.Choices.none();
        List<String> refusals = List.of();
        boolean stale = false;
        if (model.getAttribute("choices") instanceof PlanScreen.Choices kept
                && model.getAttribute("refusals") instanceof List<?> missing) {
            choices = kept;
            refusals = missing.stream().map(String::valueOf).toList();
        } else if (opened.refused()) {
            choices = PlanScreen.Choices.of(opened.job().options());
            refusals = List.of(french.describe(opened.job().failure()));
            stale = PlanScreen.outdated(opened.job().failure());
        }
        List<AccountView> accounts = readModel.accounts(uai, false, null);
        int activePupils = (int) accounts.stream()
                .filter(a -> "PUPIL".equals(a.role()) && "ACTIVE".equals(a.status())).count();
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("canWrite", access.canWrite(uai));
        model.addAttribute("screen", PlanScreen.of(view, accounts, activePupils, tab, choices, french, text));
        model.addAttribute("refusals", refusals);
        // a plan the school's accounts have outrun cannot be applied any more: one instruction, no Apply button
        model.addAttribute("stale", stale);
        model.addAttribute("canDiscard", "PLANNED".equals(view.status()) && access.canWrite(uai) && mayDiscard(view));
        if (!model.containsAttribute("discardReason")) {
            model.addAttribute("discardReason", "");
        }
        return "imports/plan";
    }

    /**
     * Applies with the director's choices, in the background: the answer is the progress page. Form
     * fields: {@code excludeLines} (repeated), {@code rename-<line>} = same | different,
     * {@code confirmMassDeparture}, {@code takeFileValues} (repeated: accounts whose lines take the file's
     * values over values set by hand), {@code confirmOlderFile}.
     */
    @PostMapping("/imports/{importId}/apply")
    public String apply(@PathVariable String importId, @RequestParam MultiValueMap<String, String> form,
                        RedirectAttributes redirect) {
        ImportView view = find(importId);
        Set<Integer> exclude = new HashSet<>();
        Set<Integer> confirm = new HashSet<>();
        Set<Integer> reject = new HashSet<>();
        for (String line : form.getOrDefault("excludeLines", List.of())) {
            lineNumber(line).ifPresent(exclude::add);
        }
        for (Map.Entry<String, List<String>> field : form.entrySet()) {
            if (field.getKey().startsWith("rename-")) {
                Optional<Integer> line = lineNumber(field.getKey().substring("rename-".length()));
                if (line.isPresent() && field.getValue().contains("same")) {
                    confirm.add(line.get());
                } else if (line.isPresent() && field.getValue().contains("different")) {
                    reject.add(line.get());
                }
            }
        }
        // only accounts this plan marks: a tampered form cannot name others
        Set<String> take = new HashSet<>(form.getOrDefault("takeFileValues", List.of()));
        take.retainAll(PlanScreen.manualAccounts(view));
        PlanScreen.Choices choices = new PlanScreen.Choices(exclude, confirm, reject,
                form.containsKey("confirmMassDeparture"), take, form.containsKey("confirmOlderFile"));
        // Everything still to decide, said at once: the school would refuse one at a time
        List<String> missing = PlanScreen.missing(view, choices, french);
        if (!missing.isEmpty()) {
            redirect.addFlashAttribute("choices", choices);
            redirect.addFlashAttribute("refusals", missing);
            return "redirect:/imports/" + importId + "/plan";
        }
        jobs.start(importId, view.uai(), choices.options());
        return "redirect:/imports/" + importId + "/progress";
    }

    /**
     * Drops a plan that will not be applied, with the reason typed (required): only the person who uploaded
     * the file, or an administrator. The plan stays in the school's imports, as abandoned, with who, when
     * and why; the answer is that import's page. A refusal comes back to the preview, the reason kept.
     */
    @PostMapping("/imports/{importId}/discard")
    public String discard(@PathVariable String importId, @RequestParam(required = false) String reason,
                          RedirectAttributes redirect) {
        ImportView view = find(importId);
        if (!mayDiscard(view)) {
            throw new AccessDeniedException("Only the person who uploaded this file (" + view.uploadedBy()
                    + ") or an administrator can discard its plan.");
        }
        String error;
        if (reason == null || reason.isBlank()) {
            error = french.text("discard.reason");
        } else {
            try {
                imports.discard(importId, reason, Origin.MANUAL);
                return "redirect:/imports/" + importId;
            } catch (AccessDeniedException e) {
                throw e;
            } catch (RuntimeException e) {
                error = french.describe(e);
                if (error.equals(french.text("unexpected"))) {
                    throw e;
                }
            }
        }
        redirect.addFlashAttribute("discardError", error);
        redirect.addFlashAttribute("discardReason", reason == null ? "" : reason);
        return "redirect:/imports/" + importId + "/plan#abandon";
    }

    /** The current user uploaded this file, or is an administrator: they may drop its plan. */
    private static boolean mayDiscard(ImportView view) {
        AppUser user = SchoolAccess.currentUser();
        return user.has(UserRole.ADMIN) || user.username().equals(view.uploadedBy());
    }

    // ---- progress ------------------------------------------------------------------------------------

    /** What the progress page shows of a job: stage, time spent, and the read models' measured progress. */
    public record ProgressState(String importId, String stage, String elapsed, long done, long total, int percent) {
    }

    @GetMapping("/imports/{importId}/progress")
    public String progress(@PathVariable String importId, Model model) {
        Opened opened = open(importId);
        if (opened.job() == null || opened.refused()) {
            return "redirect:" + opened.next();
        }
        model.addAttribute("school", readModel.requireSchool(opened.uai()));
        model.addAttribute("fileName", opened.view().fileName());
        model.addAttribute("state", state(opened.job()));
        return "imports/progress";
    }

    /** The progress fragment the page polls; once the job is over, htmx is sent on to the next page. */
    @GetMapping("/imports/{importId}/progress/state")
    public String progressState(@PathVariable String importId, Model model, HttpServletResponse response) {
        Opened opened = open(importId);
        if (!opened.running()) {
            response.setHeader("HX-Redirect", opened.next());
        }
        if (opened.job() == null) {
            return "imports/progress :: moved";
        }
        model.addAttribute("state", state(opened.job()));
        return "imports/progress :: state";
    }

    private ProgressState state(ImportJobs.Job job) {
        ImportJobs.Progress progress = jobs.progress(job);
        long seconds = Duration.between(job.startedAt(), Instant.now()).toSeconds();
        String elapsed = seconds < 1 ? "" : seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
        return new ProgressState(job.importId(), job.stage().name(), elapsed, progress.done(), progress.total(),
                progress.percent());
    }

    // ---- result and credentials sheets ---------------------------------------------------------------

    /** A class of the credentials sheet: its label and how many new accounts it has. */
    public record SheetClass(String classGroup, int cards) {
    }

    @GetMapping("/imports/{importId}/result")
    public String result(@PathVariable String importId, Model model) {
        Opened opened = open(importId);
        if (opened.running() || !opened.applied()) {
            return "redirect:" + opened.next();
        }
        ImportView view = opened.view();
        Uai uai = opened.uai();
        Optional<ImportJobs.Job> job = Optional.ofNullable(opened.job());
        boolean canWrite = access.canWrite(uai);
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("view", view);
        model.addAttribute("appliedAt", text.at(view.appliedAt() != null ? view.appliedAt()
                : job.map(ImportJobs.Job::startedAt).orElse(null)));
        model.addAttribute("appliedBy", view.appliedBy() != null ? view.appliedBy()
                : job.map(ImportJobs.Job::actor).orElse(""));
        model.addAttribute("summary", view.appliedSummary() != null ? view.appliedSummary()
                : job.map(ImportJobs.Job::summary).orElse(null));
        model.addAttribute("canWrite", canWrite);
        Optional<CredentialsSheets.Pending> sheet = canWrite ? sheets.peek(importId) : Optional.empty();
        model.addAttribute("sheet", sheet.isPresent());
        sheet.ifPresent(s -> {
            Map<String, Integer> classes = new TreeMap<>(java.text.Collator.getInstance(Locale.FRENCH));
            s.cards().stream().filter(c -> c.classGroup() != null)
                    .forEach(c -> classes.merge(c.classGroup(), 1, Integer::sum));
            model.addAttribute("sheetClasses", classes.entrySet().stream()
                    .map(e -> new SheetClass(e.getKey(), e.getValue())).toList());
            model.addAttribute("sheetCards", s.cards().size());
            model.addAttribute("sheetUntil", text.time(s.expiresAt()));
        });
        return "imports/result";
    }

    /**
     * The credentials sheet of every class, or of {@code classe}: as many times as needed until the
     * director forgets it or its time is up; afterwards, back to the result page, which says so.
     */
    @SchoolWrite
    @GetMapping("/imports/{importId}/credentials.pdf")
    public ResponseEntity<byte[]> credentials(@PathVariable String importId,
                                              @RequestParam(name = "classe", required = false) String classGroup) {
        ImportView view = find(importId);
        Optional<CredentialsSheets.Pending> sheet = sheets.peek(importId);
        if (sheet.isEmpty() || classGroup != null
                && sheet.get().cards().stream().noneMatch(c -> classGroup.equals(c.classGroup()))) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .location(URI.create("/imports/" + importId + "/result")).build();
        }
        String name = "identifiants-" + view.uai() + (classGroup == null ? "" : "-" + slug(classGroup)) + ".pdf";
        return CredentialsSheets.download(CredentialsSheets.render(sheet.get(), classGroup), name);
    }

    @PostMapping("/imports/{importId}/credentials/forget")
    public String forgetCredentials(@PathVariable String importId) {
        ImportView view = find(importId);
        sheets.forget(importId);
        return "redirect:/imports/" + importId + "/result";
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private ImportView find(String importId) {
        return imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
    }

    /** An import the current user may read, and its apply in this process if there is one (else null). */
    private record Opened(ImportView view, Uai uai, ImportJobs.Job job) {

        boolean running() {
            return job != null && job.running();
        }

        boolean refused() {
            return job != null && job.stage() == ImportJobs.Stage.FAILED;
        }

        boolean applied() {
            return job != null && job.stage() == ImportJobs.Stage.DONE
                    || "APPLIED".equals(view.status()) || "ROLLED_BACK".equals(view.status());
        }

        /** The page that shows this import as it is now: progress, result, or preview. */
        String next() {
            return "/imports/" + view.importId() + (running() ? "/progress" : applied() ? "/result" : "/plan");
        }
    }

    private Opened open(String importId) {
        ImportView view = find(importId);
        Uai uai = new Uai(view.uai());
        return new Opened(view, uai, jobs.find(importId).orElse(null));
    }

    private static Optional<Integer> lineNumber(String text) {
        try {
            return Optional.of(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** « CP Mme MARTIN » → {@code cp-mme-martin}, for a file name. */
    public static String slug(String label) {
        String folded = Folding.fold(label).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return folded.isEmpty() ? "classe" : folded.length() > 60 ? folded.substring(0, 60) : folded;
    }
}
