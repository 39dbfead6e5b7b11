package fr.intrascol.sync.message.query;

/**
 * The status of one import ({@code PLANNED}, {@code APPLIED}, {@code ROLLED_BACK}, {@code REJECTED}), or
 * empty when the read model does not know it yet. Answers a String: what a caller polls while it waits for
 * its own change to reach the read model, without reading the import's rows each time.
 */
public record FindImportStatus(String importId) {
}
