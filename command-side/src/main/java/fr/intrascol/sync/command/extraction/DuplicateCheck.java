package fr.intrascol.sync.command.extraction;

import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One pupil must not be listed twice, and one INE must not name two people: either would open two
 * accounts for one child, or merge two children. Both are reported, never silently resolved.
 */
final class DuplicateCheck {

    private final List<PupilRow> rows;
    private final List<RowProblem> problems;

    DuplicateCheck(List<PupilRow> rows, List<RowProblem> problems) {
        this.rows = rows;
        this.problems = problems;
    }

    void run() {
        Map<String, List<PupilRow>> byIne = rows.stream().filter(r -> r.ine() != null)
                .collect(Collectors.groupingBy(PupilRow::ine, LinkedHashMap::new, Collectors.toList()));
        for (List<PupilRow> same : byIne.values()) {
            if (same.size() < 2) {
                continue;
            }
            boolean onePerson = same.stream().map(Identity::of).distinct().count() == 1;
            if (onePerson) {
                duplicates(same, "INE");
            } else {
                String lines = same.stream().map(r -> r.line() + " (" + r.name().firstName() + " "
                        + r.name().lastName() + ")").collect(Collectors.joining(", "));
                for (PupilRow row : same) {
                    problems.add(new RowProblem(row.line(), "INE", "INE_CONFLICT", "INE " + row.ine()
                            + " is given to different pupils on lines " + lines + ". Correct the INE in ONDE,"
                            + " or exclude the wrong line."));
                }
            }
        }
        Map<Identity, List<PupilRow>> byIdentity = rows.stream()
                .collect(Collectors.groupingBy(Identity::of, LinkedHashMap::new, Collectors.toList()));
        for (List<PupilRow> same : byIdentity.values()) {
            List<PupilRow> withoutOtherIne = new ArrayList<>();
            for (PupilRow row : same) {
                // two INEs that differ are two children, even with the same names and birth date
                if (withoutOtherIne.isEmpty() || row.ine() == null || withoutOtherIne.get(0).ine() == null
                        || Objects.equals(row.ine(), withoutOtherIne.get(0).ine())) {
                    withoutOtherIne.add(row);
                }
            }
            if (withoutOtherIne.size() > 1 && withoutOtherIne.stream().map(PupilRow::ine).distinct().count() <= 2
                    && !sameIneAlreadyReported(withoutOtherIne)) {
                duplicates(withoutOtherIne, "names and birth date");
            }
        }
    }

    private boolean sameIneAlreadyReported(List<PupilRow> same) {
        return same.stream().allMatch(r -> r.ine() != null && r.ine().equals(same.get(0).ine()));
    }

    private void duplicates(List<PupilRow> same, String what) {
        PupilRow first = same.get(0);
        for (PupilRow row : same.subList(1, same.size())) {
            problems.add(new RowProblem(row.line(), null, "DUPLICATE_PUPIL", "Same pupil as line " + first.line()
                    + " (same " + what + "): a pupil is listed once. Exclude this line, or correct the file."));
        }
    }

    /** Who a row is, INE aside: folded surname, first name and birth date. */
    record Identity(String lastName, String firstName, java.time.LocalDate birthDate) {
        static Identity of(PupilRow row) {
            return new Identity(fold(row.name().lastName()), fold(row.name().firstName()), row.birthDate());
        }

        private static String fold(String text) {
            return fr.intrascol.sync.command.login.LoginPolicy.fold(text);
        }
    }
}
