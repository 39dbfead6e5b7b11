package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.Uai;

/**
 * Drop a planned import that will not be applied: by the person who uploaded it or an administrator
 * (origin MANUAL), or by the system when the plan has waited too long (origin RETENTION). Refused for
 * an import already applied, rolled back or discarded.
 */
public record DiscardImport(Uai uai, String importId) implements SchoolCommand {
}
