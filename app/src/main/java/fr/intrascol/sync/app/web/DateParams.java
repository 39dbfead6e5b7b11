package fr.intrascol.sync.app.web;

import fr.intrascol.sync.message.value.InvalidValueException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The one reading of dates and instants given to the API: {@code yyyy-MM-dd} dates, ISO-8601 instants,
 * and dates standing for an instant in the schools' time zone. A wrong value names its field and the
 * expected form.
 */
public final class DateParams {

    private DateParams() {
    }

    /** A date, or null when none is given. */
    public static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "'" + text + "' is not a date: write it as yyyy-MM-dd,"
                    + " e.g. 2026-09-01.");
        }
    }

    /**
     * An ISO instant, or a date: its first moment, or with {@code nextDay} the first moment of the day
     * after (an exclusive end that includes the whole date). Null when none is given.
     */
    public static Instant instant(String field, String text, ZoneId zone, boolean nextDay) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (nextDay ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "'" + text + "' is not a date or an instant: write 2026-09-01"
                    + " or 2026-09-01T08:00:00Z.");
        }
    }
}
