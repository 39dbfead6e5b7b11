package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.Uai;

/**
 * A planned import was dropped and can no longer be applied. Who did it and why are in the metadata
 * (actor, origin MANUAL or RETENTION, reason), as for every event.
 */
public record ImportDiscarded(Uai uai, String importId) implements SchoolEvent {
}
