package fr.intrascol.sync.message.query;

import java.time.Instant;
import java.util.List;

/**
 * One event as the history shows it: when, who, through what, why, and which fields went from what
 * to what. {@code type} is the event's name (AccountCreated, AccountNamesCorrected...).
 */
public record ChangeEntry(long index, Instant at, String uai, String accountId, String actor, String origin,
                          String importId, String reason, String correlationId, String type,
                          List<FieldChange> changes) {
}
