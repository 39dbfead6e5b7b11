package fr.intrascol.sync.message.imports;

import java.time.Instant;

/**
 * A field whose present value a person set by hand (origin MANUAL) and no import has set since: a
 * plan line that would overwrite it is marked, and the manual value is kept unless the director takes
 * the file's value.
 *
 * @param field  lastName, usageName, firstName, classGroup, level or status
 * @param by     who changed it
 * @param at     when
 * @param reason why, as they said (may be null)
 */
public record ManualChange(String field, String by, Instant at, String reason) {
}
