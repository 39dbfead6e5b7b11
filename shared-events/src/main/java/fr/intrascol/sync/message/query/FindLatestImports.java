package fr.intrascol.sync.message.query;

import java.time.Instant;

/**
 * Every school's latest import of each status uploaded at or after {@code since} (the latest applied, the
 * latest refused...: at most one per school and status), without its plan, problems and rows: what the list
 * of schools shows for the school year. Answers a list of {@link ImportView}.
 */
public record FindLatestImports(Instant since) {
}
