package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.security.SchoolWrite;
import fr.intrascol.sync.app.accounts.AccountRequests.AccountPatch;
import fr.intrascol.sync.app.accounts.AccountRequests.NewAccount;
import fr.intrascol.sync.app.privacy.ErasureService;
import fr.intrascol.sync.app.privacy.RetentionJob;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.query.AccountPage;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.FindAccountPage;
import fr.intrascol.sync.message.query.ChangeEntry;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.AccountStatus;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.Folding;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.Role;
import fr.intrascol.sync.message.value.SchoolOrder;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The accounts pages: a school's accounts (searched, filtered, paged, or as they were at a past date),
 * an account with its history, and the forms that change an account by hand. Every change asks for a
 * reason, which stays in the account's history. The forms go through {@link AccountService}, like the
 * JSON API, and carry the version of the account they showed: an edit made on an outdated page is
 * refused, and the form comes back with what was typed and the account as it is now.
 *
 * <p>The account page also erases a person's data (crypto-shredding, docs/privacy.md): a reason and an
 * explicit confirmation are required; a director erases only a suspended account of their school, an
 * administrator any account (an active one by ticking « effacer quand même »). Once erased, the page says
 * who erased the data, when and why, from the history, and offers no form any more.
 */
@WebPage
public class AccountPages {

    static final int PAGE_SIZE = 50;
    /** The forms that change an existing account, as they appear in the URL. */
    static final String ACTIONS = "names|class|suspend|reactivate|password";

    private final AccountService accounts;
    private final AccountReadModel readModel;
    private final SchoolAccess access;
    private final FrenchMessages french;
    private final FrenchText texts;
    private final ErasureService erasure;
    private final RetentionJob retention;
    private final ZoneId zone;
    private final Clock clock;

    public AccountPages(AccountService accounts, AccountReadModel readModel, SchoolAccess access,
                        FrenchMessages french, FrenchText texts, ErasureService erasure, RetentionJob retention,
                        ZoneId zone, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.readModel = readModel;
        this.access = access;
        this.french = french;
        this.texts = texts;
        this.erasure = erasure;
        this.retention = retention;
        this.zone = zone;
    }

    /** The list's search and filters, as they come in the URL (so that a filtered list can be shared). */
    public record Filters(String q, String classGroup, String level, String role, String status, String asOf) {

        public Filters {
            q = blankToNull(q);
            classGroup = blankToNull(classGroup);
            level = blankToNull(level);
            role = blankToNull(role);
            status = blankToNull(status);
            asOf = blankToNull(asOf);
        }

        public boolean any() {
            return q != null || classGroup != null || level != null || role != null || status != null;
        }

        /** The list of the school with these filters, at one page: a link that can be shared. */
        public String link(String uai, int page) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("q", q);
            values.put("classGroup", classGroup);
            values.put("level", level);
            values.put("role", role);
            values.put("status", status);
            values.put("asOf", asOf);
            values.put("page", page > 1 ? Integer.toString(page) : null);
            values.values().removeIf(Objects::isNull);
            UriComponentsBuilder link = UriComponentsBuilder.fromPath("/schools/{uai}/accounts");
            values.keySet().forEach(name -> link.queryParam(name, "{" + name + "}"));
            values.put("uai", uai);
            return link.encode().buildAndExpand(values).toUriString();
        }
    }

    /** What a form sent, kept as typed, so that a refused form comes back as the person left it. */
    public record AccountForm(String role, String lastName, String usageName, String firstName, String birthDate,
                              String ine, String classGroup, String level, String reason, String version) {

        static AccountForm of(AccountView account) {
            return new AccountForm(account.role(), account.lastName(), account.usageName(), account.firstName(),
                    account.birthDate() == null ? null : account.birthDate().toString(), account.ine(),
                    account.classGroup(), account.level(), null, Long.toString(account.version()));
        }

        /** The birth date in the form a date input takes (yyyy-MM-dd), also when it was typed 25/03/2019. */
        AccountForm withIsoDate() {
            return new AccountForm(role, lastName, usageName, firstName, FrenchText.isoDate(birthDate), ine,
                    classGroup, level, reason, version);
        }

        AccountForm withVersion(long newVersion) {
            return new AccountForm(role, lastName, usageName, firstName, birthDate, ine, classGroup, level, reason,
                    Long.toString(newVersion));
        }
    }

    /** A password shown once, on the page that follows its creation. */
    public record ShownPassword(String login, String password) {

        @Override
        public String toString() {
            return "ShownPassword[login=" + login + "]";
        }
    }

    // ---------------------------------------------------------------------------------------- list

    @GetMapping("/schools/{uai}/accounts")
    public String list(@PathVariable Uai uai, Filters filters, @RequestParam(required = false) String page,
                       @RequestHeader(value = "HX-Request", required = false) String htmx,
                       @RequestHeader(value = "HX-History-Restore-Request", required = false) String restore,
                       Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        String asOf = FrenchText.isoDate(filters.asOf());
        Instant at = null;
        try {
            at = accounts.asOf(asOf);
            if (at != null && !at.isBefore(clock.instant())) {
                // a moment to come (or the rest of today): the accounts of now, never « Vue du passé »
                if (asOf.length() != 10 || LocalDate.parse(asOf).isAfter(texts.today())) {
                    model.addAttribute("asOfFuture", french.text("accounts.future", asOf.length() == 10
                            ? texts.day(LocalDate.parse(asOf)) : texts.at(at)));
                }
                at = null;
                asOf = null;
            }
            model.addAttribute("pastView", at != null);
            if (at != null) {
                model.addAttribute("asOfLabel", asOf.length() == 10
                        ? french.text("accounts.past.day", texts.day(LocalDate.parse(asOf)))
                        : french.text("accounts.past.moment", texts.at(at)));
            }
        } catch (InvalidValueException e) {
            model.addAttribute("asOfError", french.describe(e));
            model.addAttribute("pastView", false);
        }
        AccountPage found = accounts.page(new FindAccountPage(uai, filters.q(), filters.classGroup(), filters.level(),
                filters.role(), filters.status(), at, Math.max(1, parsePage(page)), PAGE_SIZE));
        model.addAttribute("filters", filters);
        model.addAttribute("asOfValue", asOfValue(asOf, at, filters.asOf()));
        model.addAttribute("asOfMax", clock.instant().atZone(zone).toLocalDateTime()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        model.addAttribute("rows", found.items());
        model.addAttribute("found", found.found());
        model.addAttribute("total", found.total());
        model.addAttribute("page", found.page());
        model.addAttribute("pages", found.pages());
        model.addAttribute("classes", found.classes());
        model.addAttribute("levels", Arrays.stream(Level.values()).map(Enum::name).toList());
        model.addAttribute("roles", Arrays.stream(Role.values()).map(Enum::name).toList());
        model.addAttribute("statuses", Arrays.stream(AccountStatus.values()).map(Enum::name).toList());
        model.addAttribute("canWrite", access.canWrite(uai));
        return htmx != null && restore == null ? "accounts/list :: results" : "accounts/list";
    }

    // ------------------------------------------------------------------------------ one account

    @GetMapping("/accounts/{id}")
    public String account(@PathVariable AccountId id, Model model) {
        AccountView account = accounts.account(id);
        return accountPage(account, model);
    }

    /** The account page: identity, actions the user may take, the erasure section, and the history. */
    private String accountPage(AccountView account, Model model) {
        Uai uai = new Uai(account.uai());
        List<ChangeEntry> history = new ArrayList<>(readModel.history(new AccountId(account.accountId())));
        Collections.reverse(history);
        ChangeEntry erased = history.stream().filter(e -> ERASURE_TYPE.equals(e.type())).findFirst().orElse(null);
        boolean writer = access.canWrite(uai);
        boolean admin = SchoolAccess.currentUser().has(UserRole.ADMIN);
        String status = account.status();
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("account", account);
        model.addAttribute("history", history);
        model.addAttribute("canWrite", writer && !"ERASED".equals(status));
        model.addAttribute("erasure", erased);
        // a director erases a suspended account of their school; an administrator any account not erased yet
        model.addAttribute("canErase", writer && erased == null && (admin || "SUSPENDED".equals(status)));
        model.addAttribute("canForce", admin && "ACTIVE".equals(status));
        model.addAttribute("canExport", writer);
        if ("SUSPENDED".equals(status)) {
            history.stream().filter(AccountPages::suspends).findFirst().ifPresent(suspension -> {
                Instant due = suspension.at().plus(retention.eraseSuspendedAfter());
                model.addAttribute("erasedAutomaticallyOn", texts.day(due.atZone(zone).toLocalDate()));
            });
        }
        return "accounts/account";
    }

    /** The history's event type of an erasure. */
    static final String ERASURE_TYPE = "AccountErased";

    /** Whether a change made the account suspended (the retention period counts from the last one). */
    private static boolean suspends(ChangeEntry entry) {
        return entry.changes().stream().anyMatch(c -> "status".equals(c.field()) && "SUSPENDED".equals(c.to()));
    }

    /** The erasure's address opened as a page (after signing in again, say): the account page's section. */
    @GetMapping("/accounts/{id}/effacer")
    public String eraseSection(@PathVariable AccountId id) {
        accounts.account(id);
        return "redirect:/accounts/" + id.value() + "#effacer";
    }

    /**
     * Erases the person's data: a reason and the confirmation are required first (refused in French beside
     * them, with the typed reason kept); then {@link ErasureService} decides who may (a director's attempt on
     * an active account, or anyone without write access, is the « Accès refusé » page).
     */
    @PostMapping("/accounts/{id}/effacer")
    public String erase(@PathVariable AccountId id, @RequestParam(required = false) String reason,
                        @RequestParam(required = false) String confirm, @RequestParam(required = false) String force,
                        Model model, RedirectAttributes next) {
        accounts.account(id);
        try {
            if (reason == null || reason.isBlank()) {
                throw new PageRefusal("reason", french.text("erasure.reason.required"));
            }
            if (reason.strip().length() > MetadataKeys.REASON_MAX_LENGTH) {
                throw new PageRefusal("reason", french.text("erasure.reason.too-long"));
            }
            if (!"true".equals(confirm)) {
                throw new PageRefusal("confirm", french.text("erasure.confirm.required"));
            }
            erasure.erase(id, reason.strip(), "true".equals(force));
            next.addFlashAttribute("done", french.text("erasure.done"));
            return "redirect:/accounts/" + id.value();
        } catch (RuntimeException e) {
            String field = erasureRefusal(e);
            model.addAttribute("eraseError", e instanceof PageRefusal ? e.getMessage() : french.describe(e));
            model.addAttribute("eraseErrorField", field);
            model.addAttribute("eraseReason", reason);
            return accountPage(accounts.account(id), model);
        }
    }

    /**
     * The input an erasure's refusal is about (null: none in particular), or the exception itself, rethrown,
     * when it is not a refusal of the input (no access, a failure: the error pages).
     */
    private static String erasureRefusal(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PageRefusal page) {
                return page.field;
            }
            if (t instanceof InvalidValueException invalid) {
                return invalid.field();
            }
            if (t instanceof CommandRejectedException rejected) {
                return "ACCOUNT_ACTIVE".equals(rejected.code()) ? "force" : null;
            }
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return null;
            }
        }
        throw e;
    }

    // ------------------------------------------------------------------------------------ forms

    @SchoolWrite
    @GetMapping("/schools/{uai}/accounts/new")
    public String newAccount(@PathVariable Uai uai, Model model) {
        return form(model, "new", readModel.requireSchool(uai), null,
                new AccountForm("PUPIL", null, null, null, null, null, null, null, null, null));
    }

    @PostMapping("/schools/{uai}/accounts/new")
    public String create(@PathVariable Uai uai, AccountForm typed,
                         @RequestParam(required = false) String confirmed, Model model, RedirectAttributes next) {
        AccountForm form = typed.withIsoDate();
        try {
            String reason = requireReason(form.reason());
            if (asksToLookTwice(model, uai, form.classGroup(), "PUPIL".equals(form.role()) ? form.level() : null,
                    confirmed)) {
                return form(model, "new", readModel.requireSchool(uai), null, form);
            }
            AccountService.Creation created = accounts.create(uai, new NewAccount(form.role(), form.lastName(),
                    form.usageName(), form.firstName(), form.birthDate(), form.ine(),
                    form.classGroup(), form.level(), reason));
            ShownPassword shown = new ShownPassword(created.opened().login().value(), created.opened().password());
            if (created.view().isEmpty()) {
                // not in the read model yet: show the password now rather than risk losing it
                model.addAttribute("school", readModel.requireSchool(uai));
                model.addAttribute("accountId", created.accountId().value());
                model.addAttribute("newPassword", shown);
                return "accounts/created";
            }
            next.addFlashAttribute("newPassword", shown);
            next.addFlashAttribute("done", french.text("accounts.done.new"));
            return "redirect:/accounts/" + created.accountId().value();
        } catch (RuntimeException e) {
            refused(model, e);
            return form(model, "new", readModel.requireSchool(uai), null, form);
        }
    }

    @SchoolWrite
    @GetMapping("/accounts/{id}/{action:" + ACTIONS + "}")
    public String editForm(@PathVariable AccountId id, @PathVariable String action, Model model) {
        AccountView account = accounts.account(id);
        Uai uai = new Uai(account.uai());
        return form(model, action, readModel.requireSchool(uai), account, AccountForm.of(account));
    }

    @PostMapping("/accounts/{id}/{action:" + ACTIONS + "}")
    public String edit(@PathVariable AccountId id, @PathVariable String action, AccountForm form,
                       @RequestParam(required = false) String confirmed, Model model, RedirectAttributes next) {
        AccountView account = accounts.account(id);
        Uai uai = new Uai(account.uai());
        try {
            String reason = requireReason(form.reason());
            Long version = version(form.version());
            if (action.equals("class") && asksToLookTwice(model, uai, form.classGroup(),
                    "PUPIL".equals(account.role()) ? form.level() : null, confirmed)) {
                return form(model, action, readModel.requireSchool(uai), account, form);
            }
            if (action.equals("password")) {
                AccountService.ResetPassword reset = accounts.resetPassword(id, version, reason);
                next.addFlashAttribute("newPassword", new ShownPassword(reset.login(), reset.password()));
            } else {
                AccountService.Edit edit = accounts.edit(id, version, patch(action, form, account, reason));
                if (edit.edited().changes() == 0) {
                    model.addAttribute("notice", french.text("accounts.nothing-changed"));
                    return form(model, action, readModel.requireSchool(uai), account, form);
                }
            }
            next.addFlashAttribute("done", french.text("accounts.done." + action));
            return "redirect:/accounts/" + id.value();
        } catch (RuntimeException e) {
            boolean stale = refused(model, e);
            AccountView now = accounts.account(id);
            if (stale) {
                model.addAttribute("since", changesSince(id, version(form.version())));
            }
            return form(model, action, readModel.requireSchool(uai), now, stale ? form.withVersion(now.version()) : form);
        }
    }

    /**
     * The account's changes after {@code version}, newest first: what someone else did while the form
     * was open (each change raises the version by one and is one history entry).
     */
    private List<ChangeEntry> changesSince(AccountId id, Long version) {
        List<ChangeEntry> history = readModel.history(id);
        int from = version == null ? history.size() : (int) Math.min(Math.max(version, 0), history.size());
        List<ChangeEntry> since = new ArrayList<>(history.subList(from, history.size()));
        Collections.reverse(since);
        return since;
    }

    /** The change a form asks for, as the API's PATCH would carry it. */
    private static AccountPatch patch(String action, AccountForm form, AccountView account, String reason) {
        return switch (action) {
            case "names" -> new AccountPatch(Objects.toString(form.lastName(), ""),
                    Objects.toString(form.usageName(), ""), Objects.toString(form.firstName(), ""),
                    null, null, null, reason, null);
            case "class" -> new AccountPatch(null, null, null, Objects.toString(form.classGroup(), ""),
                    "PUPIL".equals(account.role()) ? form.level() : null, null, reason, null);
            case "suspend" -> new AccountPatch(null, null, null, null, null, "SUSPENDED", reason, null);
            case "reactivate" -> new AccountPatch(null, null, null, null, null, "ACTIVE", reason, null);
            default -> throw new IllegalArgumentException("No form " + action);
        };
    }

    /**
     * What a class typed in a form should make the person look at twice: a class that differs from one of the
     * school's only by case, accents or spacing (« cm2 mme leroux » beside « CM2 Mme LEROUX »: a twin class
     * would be created), and a level the class label contradicts (« CM2 Mme LEROUX » with PS, the import's
     * plausibility rule {@link SchoolOrder#contradicts}). {@code existing} is the school's class it resembles;
     * {@code classLevels} the levels the label names.
     */
    public record ClassWarning(String kind, String classGroup, String level, String existing, String classLevels) {
    }

    /**
     * Puts the class warnings in the model and answers true when there are some that the person has not
     * confirmed yet for this very class and level ({@code confirmed}, sent back by the warned form).
     */
    private boolean asksToLookTwice(Model model, Uai uai, String classGroup, String level, String confirmed) {
        if (classGroup == null || classGroup.isBlank()) {
            return false;
        }
        String typed = classGroup.strip();
        List<ClassWarning> warnings = new ArrayList<>();
        List<String> classes = readModel.classes(uai);
        if (!classes.contains(typed)) {
            classes.stream().filter(c -> twinKey(c).equals(twinKey(typed))).findFirst()
                    .ifPresent(c -> warnings.add(new ClassWarning("twin", typed, null, c, null)));
        }
        Level pupilLevel = Arrays.stream(Level.values()).filter(l -> l.name().equalsIgnoreCase(
                Objects.toString(level, "").strip())).findFirst().orElse(null);
        if (SchoolOrder.contradicts(typed, pupilLevel)) {
            warnings.add(new ClassWarning("level", typed, pupilLevel.name(), null, SchoolOrder.levelsNamed(typed)
                    .stream().map(Enum::name).collect(java.util.stream.Collectors.joining(", "))));
        }
        String key = confirmation(typed, pupilLevel);
        if (warnings.isEmpty() || key.equals(confirmed)) {
            return false;
        }
        model.addAttribute("classWarnings", warnings);
        model.addAttribute("classConfirmation", key);
        return true;
    }

    /** A class label as two labels of the same class share it: case, accents and spaces aside. */
    private static String twinKey(String label) {
        return Folding.fold(label).replace(" ", "");
    }

    /** What the person confirms when a warned form comes back: this class with this level. */
    private static String confirmation(String classGroup, Level level) {
        return classGroup + "|" + (level == null ? "" : level.name());
    }

    private String form(Model model, String action, SchoolView school, AccountView account, AccountForm form) {
        if (action.equals("new") || action.equals("class")) {
            model.addAttribute("classes", readModel.classes(new Uai(school.uai())));
        }
        model.addAttribute("school", school);
        model.addAttribute("action", action);
        model.addAttribute("account", account);
        model.addAttribute("form", form);
        model.addAttribute("levels", Arrays.stream(Level.values()).map(Enum::name).toList());
        model.addAttribute("roles", Arrays.stream(Role.values()).map(Enum::name).toList());
        return "accounts/form";
    }

    /**
     * Puts a refusal in the model, in French, with the field it is about; answers whether it was an
     * outdated version. Anything that is not a refusal of the input (no access, a failure) goes on to
     * the error pages.
     */
    private boolean refused(Model model, RuntimeException e) {
        String field = null;
        boolean stale = false;
        boolean refusal = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PageRefusal page) {
                model.addAttribute("error", page.getMessage());
                model.addAttribute("errorField", page.field);
                return false;
            }
            if (t instanceof InvalidValueException invalid) {
                field = invalid.field();
                refusal = true;
                break;
            }
            if (t instanceof CommandRejectedException rejected) {
                field = fieldOf(rejected.code());
                stale = rejected.kind() == CommandRejectedException.Kind.STALE;
                if ("SAME_PERSON".equals(rejected.code()) && rejected.args().length > 0) {
                    model.addAttribute("existingLogin", String.valueOf(rejected.args()[0]));
                }
                refusal = true;
                break;
            }
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                refusal = true;
                break;
            }
        }
        if (!refusal) {
            throw e;
        }
        model.addAttribute("error", french.describe(e));
        model.addAttribute("errorField", field);
        model.addAttribute("stale", stale);
        return stale;
    }

    /** The input a refusal of the school is about, for the few rules that name one. */
    private static String fieldOf(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "PUPIL_BIRTH_DATE" -> "birthDate";
            case "PUPIL_LEVEL", "ADULT_LEVEL" -> "level";
            case "ADULT_INE" -> "ine";
            default -> null;
        };
    }

    /** The pages ask for a reason on every change (the API leaves it optional): it is what inspectors read. */
    private String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new PageRefusal("reason", french.text("accounts.reason.required"));
        }
        if (reason.strip().length() > MetadataKeys.REASON_MAX_LENGTH) {
            throw new PageRefusal("reason", french.text("accounts.reason.too-long"));
        }
        return reason;
    }

    private Long version(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new PageRefusal(null, french.text("accounts.version.invalid"));
        }
    }

    /**
     * What the datetime-local field shows: the moment asked, to the second, in the schools' time zone (a date
     * alone is the end of its day, 23:59); what was typed when it is not a moment; empty for now.
     */
    private String asOfValue(String asOf, Instant at, String typed) {
        if (at == null) {
            return asOf == null ? null : typed;
        }
        if (asOf.length() == 10) {
            return asOf + "T23:59";
        }
        return at.atZone(zone).toLocalDateTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static int parsePage(String page) {
        try {
            return page == null ? 1 : Integer.parseInt(page.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A refusal the page itself decides (no reason given...), already in French. */
    private static final class PageRefusal extends RuntimeException {

        private final String field;

        PageRefusal(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
