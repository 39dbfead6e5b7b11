package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.Uai;

/** The classes of a school's open accounts (active or suspended), in school order. Answers a list of labels. */
public record FindSchoolClasses(Uai uai) {
}
