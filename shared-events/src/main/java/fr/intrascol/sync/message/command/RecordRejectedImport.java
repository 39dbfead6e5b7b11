package fr.intrascol.sync.message.command;

import fr.intrascol.sync.message.value.Uai;

/** Record that an uploaded file could not be read as an extraction, and why. Changes no account. */
public record RecordRejectedImport(Uai uai, String importId, String fileName, String sha256, String reason)
        implements SchoolCommand {
}
