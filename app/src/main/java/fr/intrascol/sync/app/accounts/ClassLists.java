package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.imports.CredentialsSheetPdf;
import fr.intrascol.sync.app.imports.CredentialsSheets;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.app.web.NotFoundException;
import fr.intrascol.sync.message.meta.MetadataKeys;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.SchoolView;
import fr.intrascol.sync.message.value.InvalidValueException;
import fr.intrascol.sync.message.value.SchoolOrder;
import fr.intrascol.sync.message.value.Uai;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A school's classes as a teacher needs them, for the pages and the API alike: the class lists (pupils and
 * logins, no password, as a PDF) and new passwords for a whole class at once, with its credentials sheet.
 * A class is its active pupils, « NOM Prénom » sorted the French way; classes in school order.
 */
@Component
public class ClassLists {

    /** The key prefix of a class's sheet among {@link CredentialsSheets}' (the others are imports). */
    private static final String SHEET = "class-";

    private final AccountService accounts;
    private final AccountReadModel readModel;
    private final CredentialsSheets sheets;
    private final FrenchText texts;

    public ClassLists(AccountService accounts, AccountReadModel readModel,
                      CredentialsSheets sheets, FrenchText texts) {
        this.accounts = accounts;
        this.readModel = readModel;
        this.sheets = sheets;
        this.texts = texts;
    }

    /** The active pupils of each class (of {@code classGroup} alone when given), classes in school order. */
    public Map<String, List<AccountView>> classes(Uai uai, String classGroup) {
        Comparator<String> names = SchoolOrder.names();
        Map<String, List<AccountView>> classes = new LinkedHashMap<>();
        accounts.accounts(uai, null, false).stream()
                .filter(a -> "PUPIL".equals(a.role()) && "ACTIVE".equals(a.status()) && a.classGroup() != null)
                .filter(a -> classGroup == null || classGroup.equals(a.classGroup()))
                .sorted(Comparator.comparing(AccountView::classGroup, SchoolOrder.classes())
                        .thenComparing(ClassLists::surname, names)
                        .thenComparing(AccountView::firstName, names)
                        .thenComparing(AccountView::login))
                .forEach(a -> classes.computeIfAbsent(a.classGroup(), k -> new ArrayList<>()).add(a));
        if (classGroup != null && classes.isEmpty()) {
            throw new NotFoundException("The school " + uai + " has no active pupil in the class \"" + classGroup
                    + "\". Check the class's name (GET /api/schools/" + uai + "/accounts lists them).");
        }
        return classes;
    }

    /** The class lists as a PDF: every class, one per page, or {@code classGroup}'s alone. */
    public byte[] listPdf(Uai uai, String classGroup) {
        SchoolView school = readModel.requireSchool(uai);
        List<ClassListPdf.ClassList> lists = classes(uai, classGroup).entrySet().stream()
                .map(e -> new ClassListPdf.ClassList(e.getKey(), e.getValue().stream()
                        .map(a -> new ClassListPdf.Pupil(surname(a) + " " + a.firstName(), a.login())).toList()))
                .toList();
        return ClassListPdf.render(school.name(), school.uai(), texts.day(texts.today()), lists);
    }

    /** A class's new passwords: how many were made, the sheet that holds them, and whether it stopped early. */
    public record ClassPasswords(String classGroup, String sheet, List<AccountView> pupils, int expected,
                                 RuntimeException failure) {
    }

    /**
     * New passwords for every active pupil of {@code classGroup}: refused without a reason, or without the
     * confirmation (the pages show how many pupils it concerns first). The passwords are held as the class's
     * credentials sheet ({@link CredentialsSheets}, memory only, for a limited time).
     */
    public ClassPasswords resetPasswords(Uai uai, String classGroup, String reason, boolean confirmed) {
        if (classGroup == null || classGroup.isBlank()) {
            throw new InvalidValueException("classGroup", "The class is required: the class whose pupils get new"
                    + " passwords, as its accounts name it.");
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidValueException("reason", "The reason is required: it stays in each account's history.");
        }
        if (reason.strip().length() > MetadataKeys.REASON_MAX_LENGTH) {
            throw new InvalidValueException("reason", "The reason is longer than " + MetadataKeys.REASON_MAX_LENGTH
                    + " characters.");
        }
        if (!confirmed) {
            throw new InvalidValueException("confirm", "Confirm (confirm: true) that every active pupil of the class"
                    + " gets a new password: their current ones stop working.");
        }
        SchoolView school = readModel.requireSchool(uai);
        List<AccountView> pupils = classes(uai, classGroup).get(classGroup);
        AccountService.ClassReset reset = accounts.resetPasswords(uai, pupils, reason.strip());
        Map<String, AccountView> byId = new LinkedHashMap<>();
        pupils.forEach(p -> byId.put(p.accountId(), p));
        List<AccountView> done = reset.resets().stream().map(r -> byId.get(r.accountId())).toList();
        List<CredentialsSheetPdf.Card> cards = reset.resets().stream().map(r -> {
            AccountView pupil = byId.get(r.accountId());
            return new CredentialsSheetPdf.Card(classGroup, surname(pupil), pupil.firstName(), r.login(), r.password());
        }).toList();
        String key = SHEET + UUID.randomUUID();
        sheets.keep(key, uai.value(), school.name(), "Nouveaux mots de passe de la classe " + classGroup, cards);
        return new ClassPasswords(classGroup, key, done, pupils.size(), reset.failure());
    }

    /** A class's credentials sheet kept for the school, if it is still held. */
    public Optional<CredentialsSheets.Pending> sheet(Uai uai, String key, boolean take) {
        if (key == null || !key.startsWith(SHEET)) {
            return Optional.empty();
        }
        Optional<CredentialsSheets.Pending> sheet = sheets.peek(key).filter(p -> p.uai().equals(uai.value()));
        if (take && sheet.isPresent()) {
            return sheets.take(key);
        }
        return sheet;
    }

    /** The name the class knows the pupil by: their usage name when they have one. */
    static String surname(AccountView pupil) {
        return Objects.requireNonNullElse(pupil.usageName(), pupil.lastName());
    }
}
