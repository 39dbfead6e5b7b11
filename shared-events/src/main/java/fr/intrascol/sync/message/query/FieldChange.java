package fr.intrascol.sync.message.query;

/** One field of an account going from one value to another (null: no value). */
public record FieldChange(String field, String from, String to) {
}
