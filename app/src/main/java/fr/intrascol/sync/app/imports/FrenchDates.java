package fr.intrascol.sync.app.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Dates as a French reader writes them: « 1er septembre 2026 à 10:15 », « 29/08/2019 ». */
final class FrenchDates {

    private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.FRENCH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.FRENCH);

    private FrenchDates() {
    }

    /** « 3 septembre 2026 à 10:15 » in {@code zone}; empty for null. */
    static String at(Instant instant, ZoneId zone) {
        if (instant == null) {
            return "";
        }
        ZonedDateTime local = instant.atZone(zone);
        return day(local.getDayOfMonth()) + " " + MONTH_YEAR.format(local) + " à " + TIME.format(local);
    }

    /** « 14:35 » in {@code zone}. */
    static String time(Instant instant, ZoneId zone) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    /** « 29/08/2019 »; empty for null. */
    static String birthDate(LocalDate date) {
        return date == null ? "" : DAY.format(date);
    }

    /** An ISO date as a plan's fields carry it ({@code 2019-08-29}), written « 29/08/2019 ». */
    static String birthDate(String iso) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return birthDate(LocalDate.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String day(int day) {
        return day == 1 ? "1er" : Integer.toString(day);
    }
}
