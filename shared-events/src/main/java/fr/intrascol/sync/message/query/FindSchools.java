package fr.intrascol.sync.message.query;

/** Every registered school, ordered by UAI. Answers a list of {@link SchoolView}. */
public record FindSchools() {
}
