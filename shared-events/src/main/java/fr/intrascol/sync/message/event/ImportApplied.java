package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.imports.ImportSummary;
import fr.intrascol.sync.message.value.Uai;

import java.util.List;

/**
 * A planned import was applied: the account events just before it, with the same {@code importId}
 * in their metadata, are its changes. Lines left out by the director are listed.
 */
public record ImportApplied(Uai uai, String importId, ImportSummary summary, List<Integer> excludedLines)
        implements SchoolEvent {
}
