package fr.intrascol.sync.message.imports;

/** One field of a planned change, from what to what (null: no value). */
public record FieldDiff(String field, String from, String to) {
}
