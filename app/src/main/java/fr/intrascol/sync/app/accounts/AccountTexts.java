package fr.intrascol.sync.app.accounts;

import fr.intrascol.sync.app.ui.FrenchMessages;
import fr.intrascol.sync.message.query.FieldChange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * How the accounts pages say things in French: roles, statuses, origins, history entries and field
 * names in words, dates the French way, instants in the schools' time zone. Templates call it as
 * {@code @accountTexts}; values it does not know are shown as they are (never hidden).
 */
@Component("accountTexts")
public class AccountTexts {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", FrenchMessages.FRENCH);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm",
            FrenchMessages.FRENCH);
    private static final Pattern FRENCH_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");

    private final FrenchMessages french;
    private final ZoneId zone;

    public AccountTexts(FrenchMessages french, @Value("${intrascol.time-zone:Europe/Paris}") ZoneId zone) {
        this.french = french;
        this.zone = zone;
    }

    public String role(String role) {
        return word("accounts.role.", role);
    }

    public String status(String status) {
        return word("accounts.status.", status);
    }

    public String origin(String origin) {
        return word("accounts.origin.", origin);
    }

    /** What an event of the history did ("Changement de classe"), from its type. */
    public String type(String type) {
        return word("accounts.type.", type);
    }

    /** A value of the kind named (role, status; others as they are), as a list of choices shows it. */
    public String label(String kind, String value) {
        return switch (kind) {
            case "role" -> role(value);
            case "status" -> status(value);
            default -> value;
        };
    }

    public String field(String field) {
        return word("accounts.field.", field);
    }

    /** A value of a history change as a person reads it: roles and statuses in words, dates the French way. */
    public String value(FieldChange change, String value) {
        if (value == null) {
            return french.text("accounts.value.none");
        }
        return switch (change.field()) {
            case "password" -> french.text("accounts.value.password");
            case "birthDate" -> date(value);
            default -> label(change.field(), value);
        };
    }

    /** 25/03/2019; empty for none. */
    public String date(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    private String date(String isoDate) {
        try {
            return date(LocalDate.parse(isoDate));
        } catch (DateTimeParseException e) {
            return isoDate;
        }
    }

    /** 3 septembre 2026. */
    public String longDate(LocalDate date) {
        return date == null ? "" : LONG_DATE.format(date);
    }

    /** 3 septembre 2026 à 10:15, in the schools' time zone. */
    public String moment(Instant instant) {
        return instant == null ? "" : MOMENT.format(instant.atZone(zone));
    }

    /** The ISO form of a date typed the French way (25/03/2019), so that both forms are accepted; others unchanged. */
    static String isoDate(String text) {
        if (text == null) {
            return null;
        }
        var french = FRENCH_DATE.matcher(text.strip());
        if (!french.matches()) {
            return text;
        }
        return String.format("%s-%02d-%02d", french.group(3), Integer.parseInt(french.group(2)),
                Integer.parseInt(french.group(1)));
    }

    private String word(String prefix, String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String text = french.text(prefix + value);
        return text.equals(prefix + value) ? value : text;
    }
}
