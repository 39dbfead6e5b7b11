package fr.intrascol.sync.message.query;

import java.util.List;

/**
 * A page of the audit log and how many entries match across all pages. The count stops at
 * {@link #COUNT_LIMIT}: beyond it {@code total} is that limit and {@code totalExact} is false ("more than
 * 10,000"), so a page of a million-entry log costs what a page of a small one costs.
 */
public record ChangePage(List<ChangeEntry> items, long total, boolean totalExact) {

    /** Where counting the matching entries stops. */
    public static final int COUNT_LIMIT = 10_000;

    /** A page whose total is exact. */
    public ChangePage(List<ChangeEntry> items, long total) {
        this(items, total, true);
    }

    /** Whether a page after this one may hold entries (pages of {@code size} entries). */
    public boolean hasMoreAfter(int page, int size) {
        return !items.isEmpty() && (!totalExact || (long) (page + 1) * size < total);
    }
}
