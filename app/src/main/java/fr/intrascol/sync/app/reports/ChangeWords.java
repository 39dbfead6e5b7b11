package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.message.query.AccountView;
import fr.intrascol.sync.message.query.FieldChange;
import fr.intrascol.sync.message.query.FindHistoryReport.ReportChange;
import fr.intrascol.sync.query.history.ChangeDescriber;
import fr.intrascol.sync.query.reports.FindAccountChanges;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The one French wording of a change for the report page and its HTML, CSV and PDF files: one line per
 * change (« classe CE1 A → CE2 A, niveau CE1 → CE2 »), the words of codes from {@link FrenchText} (roles,
 * statuses, origins, event types, field names), « (nouveau mot de passe) » for a password, « données
 * effacées » for an erased person, and dates as Excel and a French reader read them (06/12/2026 14:05), in
 * the installation's time zone. Templates call it as {@code @changeWords}.
 */
@Component("changeWords")
public class ChangeWords {

    /** What an erased person reads as, in place of their names. */
    public static final String ERASED_PERSON = "données effacées";
    /** What a new password reads as: never a value. */
    public static final String NEW_PASSWORD = "(nouveau mot de passe)";
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.FRENCH);

    /** Fields a line never shows: the names are in the account column, birth dates and INE stay out. */
    private static final Set<String> NOT_SHOWN = Set.of("lastName", "usageName", "firstName", "birthDate", "ine");

    private final FrenchText text;
    private final FrenchMessages french;
    private final ZoneId zone;

    public ChangeWords(FrenchText text, FrenchMessages french,
                       ZoneId zone) {
        this.text = text;
        this.french = french;
        this.zone = zone;
    }

    public FrenchText text() {
        return text;
    }

    /** « 06/12/2026 14:05 » in the installation's time zone. */
    public String at(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }

    /** What the change was: « Création du compte », « Changement de classe ». */
    public String kind(String type) {
        return text.type(type);
    }

    /**
     * How it was made, in a report's few words (i18n/reports.properties): « Import », « Modification à la
     * main », « Annulation d’import », « Règle de conservation »; the pages' longer words for another origin.
     */
    public String origin(String origin) {
        String key = "report.origin." + origin;
        String word = origin == null ? key : french.text(key);
        return word.equals(key) ? text.origin(origin) : word;
    }

    /** The account a change concerns: « DUPONT Léa », or « données effacées » for an erased person. */
    public String account(ReportChange change) {
        return person(change.account());
    }

    /** A person's names, or « données effacées » once erased. */
    public static String person(String names) {
        if (names == null || names.isBlank() || names.contains(AccountView.ERASED)) {
            return ERASED_PERSON;
        }
        return names;
    }

    /** {@link #person(String)} for the templates. */
    public String personOf(String names) {
        return person(names);
    }

    /** A line of « ce qui a changé » for the templates: its kind, its class before → after, its detail. */
    public String lineKind(FindAccountChanges.Line line) {
        return ChangesReport.kind(line.kind());
    }

    public String linePlacement(FindAccountChanges.Line line) {
        return ChangesReport.placement(line);
    }

    public String lineDetail(FindAccountChanges.Line line) {
        return ChangesReport.detail(line);
    }

    /** {@link #login(String)} for the templates. */
    public String shownLogin(String login) {
        return login(login);
    }

    /** A login, or nothing once erased. */
    public static String login(String login) {
        return login == null || login.contains(AccountView.ERASED) ? "" : login;
    }

    /**
     * The change on one line: « classe CE1 A → CE2 A, niveau CE1 → CE2 »; an opened account « Élève, classe
     * CP A, niveau CP (nouveau mot de passe) » (its login is beside its names); « statut Actif → Suspendu »;
     * « données personnelles effacées ».
     */
    public String detail(String type, List<FieldChange> fields) {
        if ("AccountErased".equals(type)) {
            return "données personnelles effacées";
        }
        if ("AccountClosed".equals(type)) {
            return "compte fermé";
        }
        StringJoiner line = new StringJoiner(", ");
        boolean password = false;
        boolean created = "AccountCreated".equals(type);
        for (FieldChange field : fields) {
            String name = field.field();
            if ("password".equals(name) || ChangeDescriber.PASSWORD_SET.equals(field.to())) {
                password = true;
            } else if (NOT_SHOWN.contains(name) && !"AccountNamesCorrected".equals(type)) {
                // names, birth date and INE of an opened account: the account column names the person
            } else if (created && ("status".equals(name) || "login".equals(name))) {
                // an opened account is active, and its login is beside its names
            } else if (created && "role".equals(name)) {
                line.add(text.role(field.to()));
            } else {
                line.add(field(name, field.from(), field.to()));
            }
        }
        String words = line.toString();
        if (password) {
            words = words.isEmpty() ? NEW_PASSWORD : words + " " + NEW_PASSWORD;
        }
        return words.isEmpty() ? FrenchText.NONE : words;
    }

    /** « classe CE1 A → CE2 A », « classe CP A » (a value set), « nom d’usage MARTIN → — » (a value removed). */
    private String field(String name, String from, String to) {
        String label = lowerFirst(text.field(name));
        String after = text.value(name, to);
        return from == null ? label + " " + after : label + " " + text.value(name, from) + " → " + after;
    }

    private static String lowerFirst(String word) {
        if (word.length() > 1 && Character.isUpperCase(word.charAt(1))) {
            return word;   // INE
        }
        return word.isEmpty() ? word : Character.toLowerCase(word.charAt(0)) + word.substring(1);
    }
}
