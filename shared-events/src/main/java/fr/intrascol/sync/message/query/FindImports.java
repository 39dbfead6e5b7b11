package fr.intrascol.sync.message.query;

import fr.intrascol.sync.message.value.Uai;

/** A school's imports, newest first, without their rows and changes. Answers a list of {@link ImportView}. */
public record FindImports(Uai uai) {
}
