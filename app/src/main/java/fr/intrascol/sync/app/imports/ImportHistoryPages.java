package fr.intrascol.sync.app.imports;

import fr.intrascol.sync.app.security.SchoolWrite;
import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.message.command.ImportRollback;
import fr.intrascol.sync.message.imports.FieldRevert;
import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.imports.RollbackConflict;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.query.ChangePage;
import fr.intrascol.sync.message.query.FindChanges;
import fr.intrascol.sync.message.query.FindImports;
import fr.intrascol.sync.message.query.ImportView;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A school's imports after the fact: the list, one import with what it changed, and its rollback (a
 * preview, field by field, of what would be put back and what conflicts, then the rollback itself, with a
 * reason).
 * Uploading, reviewing a plan and applying it are other pages of this package.
 */
@WebPage
public class ImportHistoryPages {

    /** At most this many account changes are read for one import (a school has a few hundred pupils). */
    private static final int MAX_CHANGES = 5000;
    /** Account changes shown on one page of an import. */
    static final int PAGE_SIZE = 50;

    private final ImportService imports;
    private final SchoolAccess access;
    private final AccountReadModel readModel;
    private final QueryGateway queries;
    private final FrenchMessages french;
    private final FrenchText text;

    public ImportHistoryPages(ImportService imports, SchoolAccess access, AccountReadModel readModel,
                              QueryGateway queries, FrenchMessages french, FrenchText text) {
        this.imports = imports;
        this.access = access;
        this.readModel = readModel;
        this.queries = queries;
        this.french = french;
        this.text = text;
    }

    /** One line of the imports list: the import and the counts it applied (or would apply). */
    public record ImportRow(ImportView view, ImportSummary summary) {
    }

    /** One account change of an import (or of its rollback), with the account as it is named now. */
    public record ChangeRow(ChangeEntry entry, String accountId, String account, String login, boolean conflict) {
    }

    /**
     * One field a rollback would put back, as the preview shows it: the account (login, name now), the
     * import's change and the field in French, the value now and the value put back (both as a person reads
     * them); {@code fieldCode} is the field's code (classGroup, level...).
     */
    public record RevertRow(String accountId, String login, String account, String change, String fieldCode,
                            String field, String from, String to) {
    }

    @GetMapping("/schools/{uai}/imports")
    public String list(@PathVariable Uai uai, Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("canWrite", access.canWrite(uai));
        List<ImportRow> rows = queries.query(new FindImports(uai), ResponseTypes.multipleInstancesOf(ImportView.class))
                .join().stream().map(v -> new ImportRow(v, summary(v))).toList();
        model.addAttribute("imports", rows);
        return "imports/list";
    }

    /**
     * One import: its facts and counts, then the account changes recorded under it (its own and its rollback's),
     * newest first, {@value #PAGE_SIZE} a page ({@code page}, from 1; out of range: the nearest page). A rolled
     * back import of a whole school holds thousands of them: the query reads only the page shown.
     */
    @GetMapping("/imports/{importId}")
    public String detail(@PathVariable String importId, @RequestParam(name = "page", required = false) String page,
                         Model model) {
        ImportView view = find(importId, model);
        model.addAttribute("summary", summary(view));
        if (view.appliedAt() == null) {
            model.addAttribute("changes", List.of());
            model.addAttribute("pager", Pager.of(1, 0, PAGE_SIZE));
            return "imports/detail";
        }
        int asked = Math.max(1, Pager.number(page));
        ChangePage found = changePage(view, asked - 1, PAGE_SIZE);
        Pager pager = Pager.of(asked, found.total(), PAGE_SIZE);
        if (pager.page() != asked) {
            found = changePage(view, pager.page() - 1, PAGE_SIZE);
        }
        Map<String, AccountView> accounts = found.items().isEmpty() ? Map.of() : accounts(view);
        model.addAttribute("changes", found.items().stream().map(entry -> row(entry, accounts, Set.of())).toList());
        model.addAttribute("pager", pager);
        return "imports/detail";
    }

    /** Pages of a list: the page shown (from 1), how many there are, how many items in all. */
    public record Pager(int page, int pages, long total) {

        static Pager of(int asked, long total, int size) {
            int pages = (int) Math.max(1, (total + size - 1) / size);
            return new Pager(Math.min(Math.max(1, asked), pages), pages, total);
        }

        /** The page asked for in the address: 1 when absent or not a number. */
        static int number(String typed) {
            try {
                return typed == null ? 1 : Integer.parseInt(typed.strip());
            } catch (NumberFormatException e) {
                return 1;
            }
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages;
        }

        /** What a table of this page says of itself: « Page 2 sur 4 », or the count when there is one page. */
        public String caption() {
            return pages > 1 ? "Page " + page + " sur " + pages : FrenchText.count(total, "changement", "changements");
        }
    }

    private ChangePage changePage(ImportView view, int page, int size) {
        return queries.query(new FindChanges(Set.of(view.uai()), null, view.importId(), null, null, page, size),
                ResponseTypes.instanceOf(ChangePage.class)).join();
    }

    @SchoolWrite
    @GetMapping("/imports/{importId}/rollback")
    public String rollbackForm(@PathVariable String importId, Model model) {
        ImportView view = find(importId, model);
        return rollbackPage(view, model, null, false, null);
    }

    @PostMapping("/imports/{importId}/rollback")
    public String rollback(@PathVariable String importId, @RequestParam(required = false) String reason,
                           @RequestParam(defaultValue = "false") boolean force, Model model) {
        ImportView view = find(importId, model);
        try {
            imports.rollback(importId, reason, force);
        } catch (RuntimeException e) {
            String message = refusal(e);
            return rollbackPage(view, model, reason, force, message);
        }
        return "redirect:/imports/" + importId + "/rollback/result";
    }

    /** After a rollback: what was compensated and what was left, from the import's record. */
    @GetMapping("/imports/{importId}/rollback/result")
    public String rollbackResult(@PathVariable String importId, Model model) {
        ImportView view = find(importId, model);
        if (view.rollback() == null) {
            return "redirect:/imports/" + importId;
        }
        return "imports/rolled-back";
    }

    /** The rollback page: the preview (if the import can be rolled back) and the form, with what was typed. */
    private String rollbackPage(ImportView view, Model model, String reason, boolean force, String error) {
        ImportRollback preview = null;
        String refusal = null;
        try {
            preview = imports.previewRollback(view.importId(), false);
        } catch (RuntimeException e) {
            refusal = refusal(e);
        }
        Set<String> conflicting = preview == null ? Set.of() : preview.conflicts().stream()
                .map(RollbackConflict::accountId).collect(Collectors.toSet());
        List<FieldRevert> fieldReverts = preview == null || preview.reverts() == null ? List.of() : preview.reverts();
        Map<String, AccountView> accounts = fieldReverts.isEmpty() ? Map.of() : accounts(view);
        model.addAttribute("reverts", fieldReverts.stream().map(r -> {
            AccountView account = accounts.get(r.accountId());
            return new RevertRow(r.accountId(), r.login() != null ? r.login() : account == null ? null : account.login(),
                    account == null ? null : displayName(account), text.kind(r.change()), r.field(),
                    text.field(r.field()), text.value(r.field(), r.from()), text.value(r.field(), r.to()));
        }).toList());
        model.addAttribute("preview", preview);
        model.addAttribute("refusal", refusal);
        model.addAttribute("error", error);
        model.addAttribute("reason", reason == null ? "" : reason);
        model.addAttribute("force", force);
        model.addAttribute("changes", preview == null ? List.of() : changes(view, conflicting).stream()
                .filter(c -> "IMPORT".equals(c.entry().origin())).toList());
        return "imports/rollback";
    }

    /** The French sentence for a refusal; anything unexpected goes on to the error page. */
    private String refusal(RuntimeException e) {
        String message = french.describe(e);
        if (message.equals(french.text("unexpected"))) {
            throw e;
        }
        return message;
    }

    /** The import, with its school for the page (access to the school was asked by SchoolAccessGuard). */
    private ImportView find(String importId, Model model) {
        ImportView view = imports.find(importId).orElseThrow(() -> ImportService.unknown(importId));
        Uai uai = new Uai(view.uai());
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("canWrite", access.canWrite(uai));
        model.addAttribute("imp", view);
        return view;
    }

    /** What applying did, or for a plan what it would do; null for a refused file. */
    private static ImportSummary summary(ImportView view) {
        if (view.appliedSummary() != null) {
            return view.appliedSummary();
        }
        return view.plan() == null ? null : view.plan().summary();
    }

    /**
     * The account changes recorded under this import (its own, then its rollback's), oldest first, each
     * with the account's current names; {@code conflicting} accounts are marked.
     */
    private List<ChangeRow> changes(ImportView view, Set<String> conflicting) {
        if (view.appliedAt() == null) {
            return List.of();
        }
        List<ChangeEntry> entries = new ArrayList<>();
        for (int page = 0; entries.size() < MAX_CHANGES; page++) {
            ChangePage found = queries.query(new FindChanges(Set.of(view.uai()), null, view.importId(), null, null,
                    page, FindChanges.MAX_PAGE_SIZE), ResponseTypes.instanceOf(ChangePage.class)).join();
            entries.addAll(found.items());
            if (!found.hasMoreAfter(page, FindChanges.MAX_PAGE_SIZE)) {
                break;
            }
        }
        Map<String, AccountView> accounts = accounts(view);
        return entries.stream().sorted(Comparator.comparingLong(ChangeEntry::index))
                .map(entry -> row(entry, accounts, conflicting)).toList();
    }

    private static ChangeRow row(ChangeEntry entry, Map<String, AccountView> accounts, Set<String> conflicting) {
        AccountView account = accounts.get(entry.accountId());
        return new ChangeRow(entry, entry.accountId(), account == null ? null : displayName(account),
                account == null ? null : account.login(), conflicting.contains(entry.accountId()));
    }

    /** The school's accounts (closed ones too), by id. */
    private Map<String, AccountView> accounts(ImportView view) {
        return readModel.accounts(new Uai(view.uai()), true, null).stream()
                .collect(Collectors.toMap(AccountView::accountId, Function.identity(), (a, b) -> a));
    }

    private static String displayName(AccountView account) {
        String last = account.usageName() != null && !account.usageName().isBlank() ? account.usageName()
                : account.lastName();
        return last + " " + account.firstName();
    }
}
