package fr.intrascol.sync.message.query;

import java.time.Instant;

/**
 * The accounts suspended without a break since before {@code cutoff}, oldest first, at most {@code limit}:
 * those the retention rule erases. Answers a list of {@link AccountView}.
 */
public record FindAccountsSuspendedBefore(Instant cutoff, int limit) {
}
