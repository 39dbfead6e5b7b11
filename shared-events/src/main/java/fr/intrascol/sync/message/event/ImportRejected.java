package fr.intrascol.sync.message.event;

import fr.intrascol.sync.message.value.Uai;

/** An uploaded file could not be read as an extraction; nothing else changed. */
public record ImportRejected(Uai uai, String importId, String fileName, String sha256, String reason)
        implements SchoolEvent {
}
