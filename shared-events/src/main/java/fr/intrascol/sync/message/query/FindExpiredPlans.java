package fr.intrascol.sync.message.query;

import java.time.Instant;

/**
 * The imports still PLANNED that were uploaded before {@code uploadedBefore}, oldest first, at most
 * {@code limit}: the plans the retention job discards. Answers a list of {@link ImportView} (counts only).
 */
public record FindExpiredPlans(Instant uploadedBefore, int limit) {
}
