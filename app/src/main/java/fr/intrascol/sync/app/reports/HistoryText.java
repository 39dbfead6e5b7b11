package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.message.query.FieldChange;
import fr.intrascol.sync.query.history.ChangeDescriber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * What a history holds, in the words a school director reads: French names of fields, values, kinds of
 * change, origins and import statuses (from {@code i18n/reports.properties}), dates and times in the
 * schools' time zone ("3 septembre 2026 à 10:15"). Templates call it as {@code @historyText}.
 */
@Component("historyText")
public class HistoryText {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", FrenchMessages.FRENCH);
    private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM yyyy", FrenchMessages.FRENCH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", FrenchMessages.FRENCH);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private static final Set<String> OPENING_FIELDS = Set.of("login", "classGroup", "level");

    private final FrenchMessages french;
    private final ZoneId zone;

    public HistoryText(FrenchMessages french, @Value("${intrascol.time-zone:Europe/Paris}") ZoneId zone) {
        this.french = french;
        this.zone = zone;
    }

    /** "3 septembre 2026 à 10:15", in the schools' time zone; "—" for none. */
    public String at(Instant instant) {
        if (instant == null) {
            return "—";
        }
        var local = instant.atZone(zone);
        return day(local.toLocalDate()) + " à " + local.format(TIME);
    }

    /** "3 septembre 2026", "1er septembre 2026"; "—" for none. */
    public String day(LocalDate date) {
        if (date == null) {
            return "—";
        }
        return date.getDayOfMonth() == 1 ? "1er " + date.format(MONTH_YEAR) : date.format(DAY);
    }

    public String field(String field) {
        return label("history.field.", field);
    }

    /** A field's value as a person reads it: « Actif », « Élève », a date as 25/03/2019, "—" for none. */
    public String value(String field, String value) {
        if (value == null || value.isBlank()) {
            return "—";
        }
        if ("password".equals(field) || ChangeDescriber.PASSWORD_SET.equals(value)) {
            return french.text("history.value.password");
        }
        if ("status".equals(field) || "role".equals(field)) {
            return label("history.value.", value);
        }
        if ("birthDate".equals(field)) {
            try {
                return LocalDate.parse(value).format(SHORT_DAY);
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }

    /**
     * The fields of a change worth showing in a list: all of them, except for an opened account, whose
     * login, class and level say enough (its names are in the account column; no birth date or INE).
     */
    public List<FieldChange> shown(String type, List<FieldChange> fields) {
        if (!"AccountCreated".equals(type)) {
            return fields;
        }
        return fields.stream().filter(f -> OPENING_FIELDS.contains(f.field())).toList();
    }

    /** The kind of an account event (AccountCreated → « Compte ouvert »). */
    public String type(String type) {
        return label("history.type.", type);
    }

    public String origin(String origin) {
        return label("history.origin.", origin);
    }

    /** An import's change (ARRIVAL → « Arrivée »). */
    public String kind(Object kind) {
        return label("history.kind.", kind == null ? null : kind.toString());
    }

    /** An import's status (APPLIED → « Appliqué »). */
    public String importStatus(String status) {
        return label("import.status.", status);
    }

    /** The French word for a code; the code itself when the bundle has none (never an empty cell). */
    private String label(String prefix, String code) {
        if (code == null || code.isBlank()) {
            return "—";
        }
        String text = french.text(prefix + code);
        return text.equals(prefix + code) ? code : text;
    }
}
