package fr.intrascol.sync.message.query;

import java.util.List;

/** A page of the audit log and the number of entries across all pages. */
public record ChangePage(List<ChangeEntry> items, long total) {
}
