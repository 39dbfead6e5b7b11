package fr.intrascol.sync.message.query;

import java.time.Instant;
import java.util.Set;

/**
 * The audit log across accounts, newest first, one page at a time. Every filter is optional;
 * {@code schools} null means every school, an empty set means none.
 */
public record FindChanges(Set<String> schools, String actor, String importId, Instant from, Instant to,
                          int page, int size) {

    public static final int MAX_PAGE_SIZE = 500;

    public FindChanges {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
