package fr.intrascol.sync.app.targets;

import fr.intrascol.sync.app.security.SchoolWrite;
import fr.intrascol.sync.app.accounts.AccountReadModel;
import fr.intrascol.sync.app.security.SchoolAccess;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.message.command.CommandRejectedException;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import fr.intrascol.sync.query.intrascol.Drift;
import fr.intrascol.sync.query.intrascol.TargetRefusedException;
import fr.intrascol.sync.query.intrascol.TargetRepository;
import fr.intrascol.sync.query.intrascol.TargetSettings;
import fr.intrascol.sync.query.intrascol.TargetSync;
import fr.intrascol.sync.query.intrascol.TargetUnavailableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A school's IntraScol server: its configuration (administrators change it; the password is never shown
 * back), its push status refreshed live, the drift report with its repair, and the replay of the whole
 * school onto the server after a confirmation. Directors of the school see the status and may compare,
 * repair, replay and retry; inspectors only read.
 */
@WebPage
public class ServerPages {

    private final TargetService targets;
    private final TargetSync sync;
    private final AccountReadModel readModel;
    private final SchoolAccess access;
    private final ServerStates states;
    private final DriftReport driftReport;
    private final FrenchText dates;
    private final FrenchMessages french;

    public ServerPages(TargetService targets, TargetSync sync, AccountReadModel readModel, SchoolAccess access,
                       ServerStates states, DriftReport driftReport, FrenchText dates, FrenchMessages french) {
        this.targets = targets;
        this.sync = sync;
        this.readModel = readModel;
        this.access = access;
        this.states = states;
        this.driftReport = driftReport;
        this.dates = dates;
        this.french = french;
    }

    /**
     * The configuration form. {@code password} is write-only: the form never shows it, and an empty one keeps
     * the stored one. {@code startTls} is a checkbox (absent: unchecked).
     */
    public record ServerForm(String type, String url, Boolean startTls, String bindDn, String password, String baseDn,
                             String caCertificate, String directory) {

        /** The form as shown again: everything typed, but never a password. */
        ServerForm withoutPassword() {
            return new ServerForm(type, url, startTls, bindDn, null, baseDn, caCertificate, directory);
        }

        boolean ldap() {
            return !"FILE".equals(type);
        }
    }

    /**
     * The status panel: the state in one line, then each figure as the page writes it. {@code lastRepair}: what
     * the last replay or repair wrote, when and by whom (empty: never); {@code lastErrorReason}: why the
     * waiting changes failed, in French; {@code lastError}: the server's own words, null unless the user is of
     * the ICT staff (directors never see them).
     */
    public record StatusPanel(ServerStates.ServerState state, boolean configured, long lag, String lastPush,
                              long pushes, long failures, long deadLetters, String lastErrorReason, String lastError,
                              String lastFailure, String lastRepair) {
    }

    @GetMapping("/schools/{uai}/server")
    public String server(@PathVariable Uai uai, Model model) {
        page(uai, model);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", targets.find(uai).map(t -> form(uai, t))
                    .orElse(new ServerForm("FILE", "", false, "", null, "", "", "")));
        }
        return "server/server";
    }

    @PostMapping("/schools/{uai}/server")
    public String configure(@PathVariable Uai uai, @ModelAttribute ServerForm form, Model model,
                            RedirectAttributes redirect) {
        if (!targets.canConfigure()) {
            throw new AccessDeniedException("Only an administrator configures a school's IntraScol server.");
        }
        TargetService.Configured configured;
        try {
            configured = targets.configure(uai, request(uai, form));
        } catch (CommandRejectedException | InvalidValueException e) {
            model.addAttribute("formError", french.describe(e));
            model.addAttribute("formField", field(e));
            model.addAttribute("form", form.withoutPassword());
            page(uai, model);
            return "server/server";
        }
        boolean file = configured.target().type() == TargetSettings.Type.FILE;
        if (configured.reachable()) {
            redirect.addFlashAttribute("success", french.text(file ? "server.saved.file" : "server.saved.ldap"));
        } else {
            redirect.addFlashAttribute("warning", french.text("server.saved.unreachable",
                    states.reason(configured.checkFailure())));
            redirect.addFlashAttribute("technical", configured.checkFailure().getMessage());
        }
        return "redirect:/schools/" + uai + "/server";
    }

    /** The status panel alone: the page asks for it again every few seconds (htmx). */
    @GetMapping("/schools/{uai}/server/status")
    public String status(@PathVariable Uai uai, Model model) {
        model.addAttribute("uai", uai.value());
        model.addAttribute("canWrite", access.canWrite(uai));
        model.addAttribute("panel", panel(sync.status(uai.value())));
        return "server/status :: panel";
    }

    @PostMapping("/schools/{uai}/server/retry")
    public String retry(@PathVariable Uai uai, RedirectAttributes redirect) {
        try {
            int retried = sync.retryDeadLetters(uai.value());
            long waiting = sync.status(uai.value()).deadLetters();
            if (waiting == 0) {
                redirect.addFlashAttribute("success", french.text("server.retried", retried));
            } else {
                redirect.addFlashAttribute("warning", french.text("server.retried.waiting", retried, waiting));
            }
        } catch (RuntimeException e) {
            refusal(e, redirect::addFlashAttribute);
        }
        return "redirect:/schools/" + uai + "/server";
    }

    @SchoolWrite
    @GetMapping("/schools/{uai}/server/drift")
    public String drift(@PathVariable Uai uai, Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        try {
            Drift drift = sync.drift(uai.value());
            model.addAttribute("inSync", drift.inSync());
            model.addAttribute("sections", driftReport.sections(drift).stream()
                    .filter(s -> !s.entries().isEmpty()).toList());
            model.addAttribute("counts", Map.of("missing", drift.missing().size(), "extra", drift.extra().size(),
                    "different", drift.different().size()));
        } catch (RuntimeException e) {
            refusal(e, model::addAttribute);
        }
        return "server/drift";
    }

    @PostMapping("/schools/{uai}/server/drift/repair")
    public String repair(@PathVariable Uai uai, RedirectAttributes redirect) {
        try {
            TargetSync.SyncResult result = sync.replay(uai.value(), SchoolAccess.currentUser().username());
            redirect.addFlashAttribute("success", french.text("server.repaired", dates.at(result.at()),
                    writes(result.changes())));
        } catch (RuntimeException e) {
            refusal(e, redirect::addFlashAttribute);
        }
        return "redirect:/schools/" + uai + "/server/drift";
    }

    @SchoolWrite
    @GetMapping("/schools/{uai}/server/replay")
    public String confirmReplay(@PathVariable Uai uai, Model model) {
        replayPage(uai, model);
        return "server/replay";
    }

    @PostMapping("/schools/{uai}/server/replay")
    public String replay(@PathVariable Uai uai, @RequestParam(name = "confirm", required = false) String confirm,
                         Model model, RedirectAttributes redirect) {
        if (confirm == null) {
            model.addAttribute("error", french.text("server.replay.unconfirmed"));
            replayPage(uai, model);
            return "server/replay";
        }
        try {
            TargetSync.SyncResult result = sync.replay(uai.value(), SchoolAccess.currentUser().username());
            redirect.addFlashAttribute("success", french.text("server.replayed", dates.at(result.at()),
                    writes(result.changes()), result.retriedDeadLetters()));
            return "redirect:/schools/" + uai + "/server";
        } catch (RuntimeException e) {
            refusal(e, model::addAttribute);
            model.addAttribute("confirmed", true);
            replayPage(uai, model);
            return "server/replay";
        }
    }

    private void page(Uai uai, Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("uai", uai.value());
        model.addAttribute("canWrite", access.canWrite(uai));
        model.addAttribute("canConfigure", targets.canConfigure());
        TargetRepository.TargetView target = targets.find(uai).orElse(null);
        model.addAttribute("target", target);
        model.addAttribute("targetDirectory", target == null || target.directory() == null ? null
                : targets.relativeDirectory(target.directory()));
        model.addAttribute("updated", target == null ? null : dates.at(target.updatedAt()));
        model.addAttribute("panel", panel(sync.status(uai.value())));
    }

    private void replayPage(Uai uai, Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("uai", uai.value());
        TargetSync.TargetStatus status = sync.status(uai.value());
        model.addAttribute("configured", status.configured());
        model.addAttribute("deadLetters", status.deadLetters());
        model.addAttribute("target", targets.find(uai).orElse(null));
    }

    private StatusPanel panel(TargetSync.TargetStatus status) {
        String lastRepair = status.lastReplayAt() == null ? ""
                : status.lastReplayWrites() == null
                ? french.text("server.last-repair.uncounted", dates.at(status.lastReplayAt()), status.lastReplayBy())
                : french.text("server.last-repair", status.lastReplayWrites(), dates.at(status.lastReplayAt()),
                status.lastReplayBy());
        return new StatusPanel(states.of(status), status.configured(), status.lag(), dates.at(status.lastPushAt()),
                status.pushes(), status.failures(), status.deadLetters(),
                status.lastError() == null ? null : states.reason(status.lastError()),
                targets.canConfigure() ? status.lastError() : null, dates.at(status.lastFailureAt()), lastRepair);
    }

    /** « 114 entrées écrites sur le serveur (112 ajouts, 2 modifications, aucune suppression) ». */
    private String writes(Drift.Repair changes) {
        return french.text("server.writes", changes.total(), changes.added(), changes.modified(), changes.deleted());
    }

    private ServerForm form(Uai uai, TargetRepository.TargetView target) {
        return new ServerForm(target.type().name(), target.url(), target.startTls(), target.bindDn(), null,
                target.baseDn(), targets.caCertificate(uai).orElse(""),
                target.directory() == null ? "" : targets.relativeDirectory(target.directory()));
    }

    /**
     * The request the form stands for. Blank optional fields are absent; an empty password keeps the stored
     * one; the LDAP mapping, which the form does not show, stays as stored.
     */
    private TargetService.TargetRequest request(Uai uai, ServerForm form) {
        TargetSettings.Type type;
        try {
            type = form.type() == null ? null : TargetSettings.Type.valueOf(form.type());
        } catch (IllegalArgumentException e) {
            type = null;
        }
        return new TargetService.TargetRequest(type, blankToNull(form.url()), blankToNull(form.bindDn()),
                blankToNull(form.password()), blankToNull(form.baseDn()), Boolean.TRUE.equals(form.startTls()),
                blankToNull(form.caCertificate()), blankToNull(form.directory()),
                targets.find(uai).map(TargetRepository.TargetView::mapping).orElse(null));
    }

    /** The form field a refusal is about, to mark it. */
    private static String field(RuntimeException e) {
        if (e instanceof CommandRejectedException rejected && rejected.code() != null) {
            return switch (rejected.code()) {
                case "TARGET_TYPE" -> "type";
                case "TARGET_DIRECTORY", "TARGET_DIRECTORY_OUTSIDE" -> "directory";
                case "TARGET_URL", "TARGET_STARTTLS" -> "url";
                case "TARGET_BASE_DN" -> "baseDn";
                case "TARGET_PASSWORD" -> "password";
                case "TARGET_DN" -> String.valueOf(rejected.args().length > 0 ? rejected.args()[0] : "")
                        .contains("Base") ? "baseDn" : "bindDn";
                default -> null;
            };
        }
        return null;
    }

    /**
     * A refusal of the school's server (down, refused, none configured) as the page shows it: the French
     * sentence by cause, and, for the ICT staff only, the server's own words as a technical detail. Anything
     * else goes to the error page.
     */
    private void refusal(RuntimeException e, BiConsumer<String, Object> put) {
        if (!(e instanceof TargetUnavailableException || e instanceof TargetRefusedException
                || e instanceof TargetSync.NoTargetException)) {
            throw e;
        }
        put.accept("error", states.reason(e));
        if (!(e instanceof TargetSync.NoTargetException) && targets.canConfigure()) {
            put.accept("technical", e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
