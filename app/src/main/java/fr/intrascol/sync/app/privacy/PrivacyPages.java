package fr.intrascol.sync.app.privacy;

import fr.intrascol.sync.app.security.SchoolWrite;
import fr.intrascol.sync.app.IntrascolProperties;
import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.privacy.PersonalDataController.PersonalDataExport;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.app.users.UserRole;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.FindAccountsSuspendedBefore;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.AccountId;
import fr.intrascol.sync.message.value.Uai;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The pages of people's rights and of the retention rule (docs/privacy.md): the personal-data export of
 * an account as a French PDF (an administrator, or the school's director), and the administrators' page
 * that shows the retention periods in force and runs the rule now. Erasing one account is on the account
 * page ({@code AccountPages}).
 */
@WebPage
public class PrivacyPages {

    private final PersonalDataController personalData;
    private final RetentionJob retention;
    private final AccountReadModel readModel;
    private final QueryGateway queries;
    private final FrenchText texts;
    private final FrenchMessages french;
    private final Duration planExpiresAfter;
    private final Duration checkEvery;

    public PrivacyPages(PersonalDataController personalData, RetentionJob retention, AccountReadModel readModel,
                        QueryGateway queries, FrenchText texts, FrenchMessages french,
                        IntrascolProperties properties) {
        Duration planExpiresAfter = properties.imports().planExpiresAfter();
        Duration checkEvery = properties.retention().checkEvery();
        this.personalData = personalData;
        this.retention = retention;
        this.readModel = readModel;
        this.queries = queries;
        this.texts = texts;
        this.french = french;
        this.planExpiresAfter = planExpiresAfter;
        this.checkEvery = checkEvery;
    }

    // ------------------------------------------------------------------------ personal-data export

    /**
     * Everything held about the account's person, as a PDF in French. Who may: as the API's export (an
     * administrator, or a director of the school); anyone else gets the « Accès refusé » page.
     */
    @SchoolWrite
    @GetMapping("/accounts/{id}/donnees-personnelles.pdf")
    public ResponseEntity<byte[]> export(@PathVariable AccountId id) {
        PersonalDataExport export = personalData.export(id);
        AccountView account = export.account();
        SchoolView school = readModel.requireSchool(new Uai(account.uai()));
        byte[] pdf = PersonalDataPdf.render(export, new PersonalDataPdf.Context(school.name(), school.uai(),
                SchoolAccess.currentUser().username(), "Règle de conservation : un compte suspendu depuis plus de "
                + duration(retention.eraseSuspendedAfter()) + " est effacé automatiquement."), texts);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .cacheControl(CacheControl.noStore())
                .header("Content-Disposition", ContentDisposition.attachment()
                        .filename(fileName(account), StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }

    /** {@code donnees-personnelles-<login>.pdf}; the account id when there is no login to show (erased). */
    static String fileName(AccountView account) {
        String login = account.login() == null || AccountView.ERASED.equals(account.login()) ? ""
                : account.login().replaceAll("[^A-Za-z0-9._-]", "");
        return "donnees-personnelles-" + (login.isEmpty() ? account.accountId() : login) + ".pdf";
    }

    // ------------------------------------------------------------------------------ retention rule

    /** What one run did, as the page says it after « Lancer maintenant ». */
    public record RunResult(String summary, String at) {
    }

    @GetMapping("/admin/conservation")
    public String retentionPage(Model model) {
        requireAdmin();
        Duration period = retention.eraseSuspendedAfter();
        String months = months(period);
        model.addAttribute("headline", "Les comptes suspendus depuis plus de " + (months != null ? months
                : duration(period)) + " sont effacés automatiquement");
        model.addAttribute("erasePeriod", duration(period));
        model.addAttribute("erasePeriodIso", iso(period));
        model.addAttribute("planPeriod", duration(planExpiresAfter));
        model.addAttribute("planPeriodIso", iso(planExpiresAfter));
        model.addAttribute("checkEvery", every(checkEvery));
        List<AccountView> due = queries.query(new FindAccountsSuspendedBefore(Instant.now().minus(period),
                RetentionJob.ERASE_BATCH), ResponseTypes.multipleInstancesOf(AccountView.class)).join();
        model.addAttribute("due", due.size());
        return "privacy/retention";
    }

    @PostMapping("/admin/conservation")
    public String runNow(RedirectAttributes next) {
        requireAdmin();
        RetentionJob.Result result = retention.run();
        next.addFlashAttribute("result", new RunResult(french.text("retention.result",
                result.erased(), result.discardedPlans()), texts.at(result.ranAt())));
        return "redirect:/admin/conservation";
    }

    /** {@code /admin/**} is for administrators already (security configuration); said again here. */
    private static void requireAdmin() {
        if (!SchoolAccess.currentUser().has(UserRole.ADMIN)) {
            throw new AccessDeniedException("The retention rule is for administrators.");
        }
    }

    // ------------------------------------------------------------------------------ periods in words

    /** P90D → « 90 jours », PT12H → « 12 heures », PT1M → « 1 minute ». */
    static String duration(Duration period) {
        if (period.isZero() || period.isNegative()) {
            return "0 jour";
        }
        if (period.equals(Duration.ofDays(period.toDays()))) {
            return plural(period.toDays(), "jour");
        }
        if (period.equals(Duration.ofHours(period.toHours()))) {
            return plural(period.toHours(), "heure");
        }
        if (period.equals(Duration.ofMinutes(period.toMinutes()))) {
            return plural(period.toMinutes(), "minute");
        }
        return plural(period.toSeconds(), "seconde");
    }

    /** P90D → « 3 mois », P365D → « 1 an »; null when the period is not a whole number of them. */
    static String months(Duration period) {
        long days = period.toDays();
        if (days <= 0 || !period.equals(Duration.ofDays(days))) {
            return null;
        }
        if (days % 365 == 0) {
            return plural(days / 365, "an");
        }
        return days % 30 == 0 ? days / 30 + " mois" : null;
    }

    /** How often the rule runs on its own: « chaque heure », « toutes les 30 minutes », « tous les 2 jours ». */
    static String every(Duration period) {
        String words = duration(period);
        if (words.startsWith("1 ")) {
            return "chaque " + words.substring(2);
        }
        return (words.endsWith("jours") ? "tous les " : "toutes les ") + words;
    }

    /** The setting as it is written in the configuration: P90D rather than Java's PT2160H. */
    static String iso(Duration period) {
        long days = period.toDays();
        return days > 0 && period.equals(Duration.ofDays(days)) ? "P" + days + "D" : period.toString();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n > 1 ? "s" : "");
    }
}
