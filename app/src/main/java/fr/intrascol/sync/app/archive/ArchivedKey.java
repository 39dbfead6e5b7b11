package fr.intrascol.sync.app.archive;

import java.time.Instant;

/**
 * One row of {@code person_key} (V11), as stored: a person's data key wrapped by the master key, or the
 * tombstone an erasure left (no key, {@code destroyedAt} set). Never a clear data key.
 *
 * @param wrappedKey  the wrapped data key; null for a tombstone
 * @param masterKeyId the id of the master key that wrapped it; null for a tombstone
 * @param destroyedAt when the key was destroyed; null for a live key
 */
public record ArchivedKey(String subject, byte[] wrappedKey, String masterKeyId, Instant createdAt,
                          Instant destroyedAt) {

    /** Whether this is a live key (not a tombstone). */
    public boolean live() {
        return wrappedKey != null;
    }
}
