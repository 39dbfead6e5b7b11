package fr.intrascol.sync.app.schools;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Moments as the pages write them, in the installation's time zone ({@code intrascol.time-zone}):
 * « 3 septembre 2026 à 10:15 », « 1er septembre 2026 ». Also when the school year began.
 */
@Component
public class FrenchDates {

    /** A school year starts on 1 September. */
    public static final MonthDay SCHOOL_YEAR_START = MonthDay.of(9, 1);

    private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.FRENCH);

    private final ZoneId zone;
    private final Clock clock;

    public FrenchDates(@Value("${intrascol.time-zone:Europe/Paris}") ZoneId zone, Optional<Clock> clock) {
        this.zone = zone;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** « 3 septembre 2026 à 10:15 »; empty for none. */
    public String at(Instant instant) {
        if (instant == null) {
            return "";
        }
        ZonedDateTime local = instant.atZone(zone);
        return day(local.toLocalDate()) + " à " + TIME.format(local);
    }

    /** « 3 septembre 2026 », « 1er septembre 2026 ». */
    public String day(LocalDate date) {
        return (date.getDayOfMonth() == 1 ? "1er" : String.valueOf(date.getDayOfMonth())) + " "
                + MONTH_YEAR.format(date);
    }

    /** The first moment of the current school year (1 September, midnight, local time). */
    public Instant schoolYearStart() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate start = SCHOOL_YEAR_START.atYear(today.getYear());
        if (today.isBefore(start)) {
            start = start.minusYears(1);
        }
        return start.atStartOfDay(zone).toInstant();
    }

    /** « 2026-2027 ». */
    public String schoolYear() {
        int first = schoolYearStart().atZone(zone).getYear();
        return first + "-" + (first + 1);
    }
}
