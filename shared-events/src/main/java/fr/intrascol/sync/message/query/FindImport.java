package fr.intrascol.sync.message.query;

/** One import, or empty when unknown. Answers {@link ImportView}. */
public record FindImport(String importId) {
}
