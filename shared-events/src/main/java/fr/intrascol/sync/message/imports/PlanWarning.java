package fr.intrascol.sync.message.imports;

import java.util.List;

/** Something the director should look at before applying; {@code code} is stable for translations. */
public record PlanWarning(String code, String message, List<Integer> lines) {
}
