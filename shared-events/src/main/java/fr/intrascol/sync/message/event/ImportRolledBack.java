package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.imports.RollbackConflict;
import fr.intrascol.sync.message.value.Uai;

import java.util.List;

/**
 * An applied import was compensated (who and why are in the metadata): {@code compensated} account
 * changes were reverted by the events just before this one; {@code conflicts} were left as they are
 * because a later change had touched those accounts (unless forced).
 */
public record ImportRolledBack(Uai uai, String importId, int compensated, List<RollbackConflict> conflicts,
                               boolean forced) implements SchoolEvent {
}
