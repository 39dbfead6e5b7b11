package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.security.SchoolWrite;
import fr.intrascol.sync.app.imports.CredentialsSheets;
import fr.intrascol.sync.app.imports.ImportPages;
import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.ui.WebPage;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.Uai;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A school's classes for the teacher: the class lists as a PDF (every class, or one), and new passwords for a
 * whole class at once (a lost sheet, a new term): the class, a reason, the confirmation naming how many pupils
 * it concerns, then the class's credentials sheet. Through {@link ClassLists}, like the API.
 */
@WebPage
public class ClassPages {

    private final ClassLists classes;
    private final AccountReadModel readModel;
    private final FrenchMessages french;
    private final FrenchText texts;

    public ClassPages(ClassLists classes, AccountReadModel readModel, FrenchMessages french,
                      FrenchText texts) {
        this.classes = classes;
        this.readModel = readModel;
        this.french = french;
        this.texts = texts;
    }

    /** The class list of {@code classe} (every class, one per page, without it): pupils and logins, no password. */
    @GetMapping("/schools/{uai}/accounts/class-list.pdf")
    public ResponseEntity<byte[]> classList(@PathVariable Uai uai, @RequestParam(required = false) String classe) {
        String classGroup = classe == null || classe.isBlank() ? null : classe.strip();
        byte[] pdf = classes.listPdf(uai, classGroup);
        String name = "liste-" + (classGroup == null ? "des-classes" : ImportPages.slug(classGroup)) + ".pdf";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).cacheControl(CacheControl.noStore())
                .header("Content-Disposition", ContentDisposition.attachment()
                        .filename(name, StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }

    /** The form: the class first, then (once chosen) how many pupils, the reason and the confirmation. */
    @SchoolWrite
    @GetMapping("/schools/{uai}/accounts/class-passwords")
    public String form(@PathVariable Uai uai, @RequestParam(required = false) String classe, Model model) {
        return form(uai, classe == null || classe.isBlank() ? null : classe.strip(), null, model);
    }

    private String form(Uai uai, String classGroup, String reason, Model model) {
        model.addAttribute("school", readModel.requireSchool(uai));
        Map<String, List<AccountView>> all = classes.classes(uai, null);
        model.addAttribute("classes", all.entrySet().stream()
                .map(e -> new ClassSize(e.getKey(), e.getValue().size())).toList());
        List<AccountView> pupils = classGroup == null ? null : all.get(classGroup);
        if (classGroup != null && pupils == null) {
            model.addAttribute("error", french.text("classes.unknown", classGroup));
            model.addAttribute("errorField", "classe");
        }
        model.addAttribute("classGroup", pupils == null ? null : classGroup);
        model.addAttribute("count", pupils == null ? 0 : pupils.size());
        model.addAttribute("reason", reason);
        return "accounts/class-passwords";
    }

    /** A class and its number of active pupils, for the class picker. */
    public record ClassSize(String classGroup, int pupils) {
    }

    @PostMapping("/schools/{uai}/accounts/class-passwords")
    public String reset(@PathVariable Uai uai, @RequestParam(required = false) String classe,
                        @RequestParam(required = false) String reason, @RequestParam(required = false) String confirm,
                        @RequestParam(required = false) Integer count, Model model, RedirectAttributes next) {
        String classGroup = classe == null || classe.isBlank() ? null : classe.strip();
        List<AccountView> pupils = classGroup == null ? null : classes.classes(uai, null).get(classGroup);
        if (pupils != null && count != null && count != pupils.size()) {
            // the class changed since the page was shown: the confirmation named another number
            model.addAttribute("error", french.text("classes.count-changed", pupils.size()));
            model.addAttribute("errorField", "confirm");
            return form(uai, classGroup, reason, model);
        }
        try {
            ClassLists.ClassPasswords done = classes.resetPasswords(uai, classGroup, reason, "true".equals(confirm));
            // Post/Redirect/Get: reloading the result must not make new passwords again
            next.addFlashAttribute("expected", done.expected());
            next.addFlashAttribute("failure", done.failure() == null ? null : french.describe(done.failure()));
            return "redirect:/schools/" + uai + "/accounts/class-passwords/" + done.sheet();
        } catch (InvalidValueException e) {
            model.addAttribute("error", french.text("classes.refused." + e.field()));
            model.addAttribute("errorField", e.field());
            return form(uai, classGroup, reason, model);
        }
    }

    /** A class's new passwords are made: its sheet to print, while it is held. */
    @SchoolWrite
    @GetMapping("/schools/{uai}/accounts/class-passwords/{sheet}")
    public String done(@PathVariable Uai uai, @PathVariable String sheet, Model model) {
        Optional<CredentialsSheets.Pending> pending = classes.sheet(uai, sheet, false);
        if (pending.isEmpty()) {
            return "redirect:/schools/" + uai + "/accounts/class-passwords?expired=true";
        }
        model.addAttribute("school", readModel.requireSchool(uai));
        model.addAttribute("sheet", sheet);
        model.addAttribute("classGroup", pending.get().cards().get(0).classGroup());
        model.addAttribute("count", pending.get().cards().size());
        model.addAttribute("sheetUntil", texts.time(pending.get().expiresAt()));
        return "accounts/class-passwords-done";
    }

    /** The class's credentials sheet, as many times as the printer needs until its time is up. */
    @SchoolWrite
    @GetMapping("/schools/{uai}/accounts/class-passwords/{sheet}/credentials.pdf")
    public ResponseEntity<byte[]> credentials(@PathVariable Uai uai, @PathVariable String sheet) {
        Optional<CredentialsSheets.Pending> pending = classes.sheet(uai, sheet, false);
        if (pending.isEmpty()) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .location(URI.create("/schools/" + uai + "/accounts/class-passwords?expired=true")).build();
        }
        return CredentialsSheets.download(CredentialsSheets.render(pending.get(), null),
                "identifiants-" + ImportPages.slug(pending.get().cards().get(0).classGroup()) + ".pdf");
    }
}
