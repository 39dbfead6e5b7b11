package fr.intrascol.sync.command.imports;

import fr.intrascol.sync.message.imports.PlanWarning;
import fr.intrascol.sync.message.value.Level;
import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.SchoolOrder;

import java.time.LocalDate;
import java.time.Month;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows that read fine but look wrong: a birth date after the upload, an age far from the level's, a
 * class whose label names other levels than the pupil's. Only warnings: the director decides.
 *
 * <ul>
 *   <li>{@code BIRTH_DATE_IN_FUTURE}: born after the upload date (no {@code AGE_LEVEL} then).</li>
 *   <li>{@code AGE_LEVEL}: the age reached during the calendar year in which the school year started
 *   (1 September) is more than {@value #AGE_TOLERANCE} years from the level's usual one (PS: 3 ... CM2: 10).</li>
 *   <li>{@code CLASS_LEVEL_MISMATCH}: the class label names levels ("CE2-CM1 M. X", "01 COURS
 *   PREPARATOIRE-COURS ELEMENTAIRE 1") and the pupil's is not one of them. A label naming no level
 *   ("Classe des Dauphins") is never flagged.</li>
 * </ul>
 */
public final class Plausibility {

    static final int AGE_TOLERANCE = 2;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private Plausibility() {
    }

    /** Warnings (never blocking) about rows that look wrong; {@code today} is the upload date. One warning per row and check, with its line. */
    public static List<PlanWarning> check(List<PupilRow> rows, LocalDate today) {
        int startYear = today.getMonthValue() >= Month.SEPTEMBER.getValue() ? today.getYear() : today.getYear() - 1;
        Map<String, Set<Level>> levelsByLabel = new HashMap<>(); // a school has a few labels for many rows
        List<PlanWarning> warnings = new ArrayList<>();
        for (PupilRow row : rows) {
            LocalDate born = row.birthDate();
            Level level = row.level();
            if (born != null && born.isAfter(today)) {
                warnings.add(warning("BIRTH_DATE_IN_FUTURE", row, "birth date " + DATE.format(born)
                        + " is after the upload date (" + DATE.format(today) + "). Correct it in ONDE."));
            } else if (born != null && level != null) {
                int age = startYear - born.getYear();
                int expected = usualAge(level);
                if (Math.abs(age - expected) > AGE_TOLERANCE) {
                    warnings.add(warning("AGE_LEVEL", row, "born " + DATE.format(born) + ", the pupil turns " + age
                            + " in " + startYear + ", but " + level + " pupils turn " + expected + " that year ("
                            + (expected - AGE_TOLERANCE) + " to " + (expected + AGE_TOLERANCE)
                            + " is plausible). Check the birth date and the level in ONDE."));
                }
            }
            if (level != null && row.classGroup() != null) {
                String label = row.classGroup().label();
                Set<Level> named = levelsByLabel.computeIfAbsent(label, Plausibility::levelsNamed);
                if (!named.isEmpty() && !named.contains(level)) {
                    warnings.add(warning("CLASS_LEVEL_MISMATCH", row, "the class \"" + label + "\" is for "
                            + names(named) + " but the pupil's level is " + level
                            + ". Check the level or the class in ONDE."));
                }
            }
        }
        return warnings;
    }

    /** The age a pupil of this level usually reaches in the calendar year the school year starts. */
    static int usualAge(Level level) {
        return switch (level) {
            case TPS -> 2;
            case PS -> 3;
            case MS -> 4;
            case GS -> 5;
            case CP -> 6;
            case CE1 -> 7;
            case CE2 -> 8;
            case CM1 -> 9;
            case CM2 -> 10;
        };
    }

    /** The levels a class label names: the one rule of {@link SchoolOrder#levelsNamed}, shared with the pages. */
    static Set<Level> levelsNamed(String label) {
        return SchoolOrder.levelsNamed(label);
    }

    private static String names(Set<Level> levels) {
        StringBuilder out = new StringBuilder();
        for (Level level : levels) {
            out.append(out.isEmpty() ? "" : "/").append(level);
        }
        return out.toString();
    }

    private static PlanWarning warning(String code, PupilRow row, String what) {
        return new PlanWarning(code, "Line " + row.line() + ": " + what, List.of(row.line()));
    }
}
