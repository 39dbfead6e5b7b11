package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.Uai;

/** One school, or null when the UAI is not registered. Answers {@link SchoolView}. */
public record FindSchool(Uai uai) {
}
