package fr.intrascol.sync.app.ui;

import fr.intrascol.sync.message.query.FieldChange;
import fr.intrascol.sync.query.history.ChangeDescriber;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one way the pages write dates and codes in French. Moments in the installation's time zone
 * ({@code intrascol.time-zone}): « 3 septembre 2026 à 10:15 », days « 1er septembre 2026 », short dates
 * « 25/03/2019 », times « 10:15 »; a date typed jj/mm/aaaa read back as ISO; the current school year; and
 * the French words of codes (roles, statuses, origins, event types, field names and values, import changes
 * and statuses) from the shared section of {@code i18n/messages.properties}. Templates call it as
 * {@code @frenchText}.
 *
 * <p>No date gives an empty text (callers say « jamais » or hide the line themselves); no word gives « — »,
 * so that a table cell is never empty; a code without a French word is shown as it is, never hidden.
 */
@Component("frenchText")
public class FrenchText {

    /** A school year starts on 1 September. */
    public static final MonthDay SCHOOL_YEAR_START = MonthDay.of(9, 1);
    /** What a missing value or code is shown as. */
    public static final String NONE = "—";

    private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM yyyy", FrenchMessages.FRENCH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", FrenchMessages.FRENCH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final Pattern TYPED_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    /** What an opened account's entry shows in a list of changes: its names are beside it already. */
    private static final Set<String> OPENING_FIELDS = Set.of("login", "classGroup", "level");

    private final FrenchMessages french;
    private final ZoneId zone;
    private final Clock clock;

    public FrenchText(FrenchMessages french, ZoneId zone,
                      Clock clock) {
        this.french = french;
        this.zone = zone;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------- dates

    /** « 3 septembre 2026 à 10:15 », « 1er septembre 2026 à 08:00 »; empty for none. */
    public String at(Instant instant) {
        if (instant == null) {
            return "";
        }
        ZonedDateTime local = instant.atZone(zone);
        return day(local.toLocalDate()) + " à " + TIME.format(local);
    }

    /** « 3 septembre 2026 », « 1er septembre 2026 »; empty for none. */
    public String day(LocalDate date) {
        if (date == null) {
            return "";
        }
        return (date.getDayOfMonth() == 1 ? "1er" : String.valueOf(date.getDayOfMonth())) + " "
                + MONTH_YEAR.format(date);
    }

    /** « 25/03/2019 »; empty for none. */
    public String date(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    /** An ISO date as events and plans carry it (2019-03-25), written « 25/03/2019 »; other text as it is. */
    public String date(String isoDate) {
        if (isoDate == null || isoDate.isBlank()) {
            return "";
        }
        try {
            return date(LocalDate.parse(isoDate.strip()));
        } catch (DateTimeParseException e) {
            return isoDate;
        }
    }

    /** « 14:35 »; empty for none. */
    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    /**
     * The ISO form (2019-03-25) of a date typed the French way (25/03/2019, 5/3/2019), so that forms accept
     * both; any other text unchanged (an ISO date, an instant, or a mistake the API then refuses, naming the
     * field). Null for null.
     */
    public static String isoDate(String typed) {
        if (typed == null) {
            return null;
        }
        var french = TYPED_DATE.matcher(typed.strip());
        if (!french.matches()) {
            return typed;
        }
        return String.format("%s-%02d-%02d", french.group(3), Integer.parseInt(french.group(2)),
                Integer.parseInt(french.group(1)));
    }

    /** Today, in the installation's time zone. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** The first day of the school year {@code day} belongs to (1 September). */
    public static LocalDate schoolYearStart(LocalDate day) {
        LocalDate start = SCHOOL_YEAR_START.atYear(day.getYear());
        return day.isBefore(start) ? start.minusYears(1) : start;
    }

    /** The first moment of the current school year (1 September, midnight, local time). */
    public Instant schoolYearStart() {
        return schoolYearStart(today()).atStartOfDay(zone).toInstant();
    }

    /** « 2026-2027 ». */
    public String schoolYear() {
        int first = schoolYearStart(today()).getYear();
        return first + "-" + (first + 1);
    }

    // ------------------------------------------------------------------------------ counts and lists

    /** « 0 import », « 1 import », « 3 imports »: in French, 0 and 1 take the singular. */
    public static String count(long n, String one, String many) {
        return n + " " + (n <= 1 ? one : many);
    }

    /** « 2 », « 2 et 5 », « 2, 5 et 7 »: items listed the French way. */
    public static String list(Collection<?> items) {
        List<String> words = items.stream().map(String::valueOf).toList();
        if (words.size() <= 1) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " et " + words.get(words.size() - 1);
    }

    // ------------------------------------------------------------------------------- codes in words

    /** PUPIL → « Élève ». */
    public String role(String role) {
        return word("role.", role);
    }

    /** ACTIVE → « Actif ». */
    public String status(String status) {
        return word("status.", status);
    }

    /** How a change was made: MANUAL → « Saisie à l’écran ». */
    public String origin(String origin) {
        return word("origin.", origin);
    }

    /** What an account event did: AccountClassChanged → « Changement de classe ». */
    public String type(String type) {
        return word("type.", type);
    }

    /** A field of an account: classGroup → « Classe ». */
    public String field(String field) {
        return word("field.", field);
    }

    /** An import's change: ARRIVAL → « Arrivée ». */
    public String kind(Object kind) {
        return word("kind.", kind == null ? null : kind.toString());
    }

    /** An import's status: APPLIED → « Appliqué ». */
    public String importStatus(String status) {
        return word("import.status.", status);
    }

    /** A value of the kind named (role, status; others as they are), as a list of choices shows it. */
    public String label(String kind, String value) {
        return switch (kind) {
            case "role" -> role(value);
            case "status" -> status(value);
            default -> value == null || value.isBlank() ? NONE : value;
        };
    }

    /** A field's value as a person reads it: « Actif », « Élève », a date as 25/03/2019, « — » for none. */
    public String value(String field, String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        if ("password".equals(field) || ChangeDescriber.PASSWORD_SET.equals(value)) {
            return french.text("value.password");
        }
        if ("birthDate".equals(field)) {
            return date(value);
        }
        return label(field, value);
    }

    /**
     * The fields of a change worth showing in a list of changes: all of them, except for an opened account,
     * whose login, class and level say enough (its names are in the account column; no birth date or INE).
     */
    public List<FieldChange> shown(String type, List<FieldChange> fields) {
        if (!"AccountCreated".equals(type)) {
            return fields;
        }
        return fields.stream().filter(f -> OPENING_FIELDS.contains(f.field())).toList();
    }

    /** The French word for a code; the code itself when the bundle has none; « — » for none. */
    private String word(String prefix, String code) {
        if (code == null || code.isBlank()) {
            return NONE;
        }
        String text = french.text(prefix + code);
        return text.equals(prefix + code) ? code : text;
    }
}
