package fr.intrascol.sync.message.query;

import java.time.Instant;

/**
 * Every school's latest import uploaded at or after {@code since} (one per school that has one), without its
 * plan, problems and rows: what the list of schools shows for the school year. Answers a list of
 * {@link ImportView}.
 */
public record FindLatestImports(Instant since) {
}
