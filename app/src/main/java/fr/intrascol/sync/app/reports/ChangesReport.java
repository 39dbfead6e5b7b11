package fr.intrascol.sync.app.reports;

import fr.intrascol.sync.app.ui.FrenchText;
import fr.intrascol.sync.query.reports.FindAccountChanges.Kind;
import fr.intrascol.sync.query.reports.FindAccountChanges.Line;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * « Ce qui a changé entre deux dates », ready to render: the schools, the two moments compared, who asked
 * when, the count of each kind of change and the lines.
 */
public record ChangesReport(List<Report.School> schools, ZoneId zone, Instant from, Instant to, boolean fromIsDay,
                            boolean toIsDay, Instant producedAt, String producedBy, Map<Kind, Integer> counts,
                            List<Line> lines) {

    /** The kinds in the order the counts and the lines show them, with their French words. */
    public static final Map<Kind, String> KINDS = kinds();

    private static Map<Kind, String> kinds() {
        Map<Kind, String> kinds = new java.util.LinkedHashMap<>();
        kinds.put(Kind.ARRIVAL, "Arrivées");
        kinds.put(Kind.DEPARTURE, "Départs");
        kinds.put(Kind.MOVE, "Changements de classe");
        kinds.put(Kind.RENAME, "Changements de nom");
        kinds.put(Kind.ERASURE, "Données effacées");
        return java.util.Collections.unmodifiableMap(kinds);
    }

    /** A line's kind in French, in the singular. */
    public static String kind(Kind kind) {
        return switch (kind) {
            case ARRIVAL -> "Arrivée";
            case DEPARTURE -> "Départ";
            case MOVE -> "Changement de classe";
            case RENAME -> "Changement de nom";
            case ERASURE -> "Données effacées";
        };
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** « école (UAI) » or « 3 écoles ». */
    public String title() {
        return schools.size() == 1 ? schools.get(0).name() + " (" + schools.get(0).uai() + ")"
                : schools.size() + " écoles";
    }

    /** « à la fin du 1er septembre 2026 » or « le 6 décembre 2026 à 14:05 ». */
    public String moment(FrenchText text, Instant at, boolean day) {
        return day ? "à la fin du " + text.day(at.atZone(zone).toLocalDate()) : "le " + text.at(at);
    }

    /** « Les comptes à la fin du 1er septembre 2026 comparés à ceux du 6 décembre 2026 à 14:05 ». */
    public String periodLine(FrenchText text) {
        return "Comptes " + moment(text, from, fromIsDay) + ", comparés aux comptes " + moment(text, to, toIsDay);
    }

    /** The class (and level when it says more) before → after of a line: « CE1 A → CE2 A ». */
    public static String placement(Line line) {
        String before = placement(line.classBefore(), line.levelBefore());
        String after = placement(line.classAfter(), line.levelAfter());
        return switch (line.kind()) {
            case ARRIVAL -> after;
            case DEPARTURE, ERASURE -> before;
            case MOVE -> before + " → " + after;
            case RENAME -> after;
        };
    }

    private static String placement(String classGroup, String level) {
        if (classGroup == null || classGroup.isBlank()) {
            return level == null ? FrenchText.NONE : level;
        }
        return level == null || classGroup.contains(level) ? classGroup : classGroup + " (" + level + ")";
    }

    /** What a line says besides the class: « ancien nom : DUPONT Léa » for a rename. */
    public static String detail(Line line) {
        return line.kind() == Kind.RENAME ? "auparavant " + ChangeWords.person(line.namesBefore()) : "";
    }
}
