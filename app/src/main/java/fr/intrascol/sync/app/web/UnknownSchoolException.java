package fr.intrascol.sync.app.web;

import fr.intrascol.sync.message.value.Uai;

/**
 * No school is registered under this UAI, or the address names no possible UAI (a wrong check letter):
 * either way there is no such school, a 404 (« École introuvable » on the pages, {@code not-found} in the API).
 */
public class UnknownSchoolException extends NotFoundException {

    public UnknownSchoolException(Uai uai) {
        super("School " + uai + " is not registered. Check the UAI, or ask an administrator to register the school.");
    }

    /** An address whose school segment is no UAI at all. */
    public UnknownSchoolException(Object typed, String why) {
        super("There is no school " + typed + ": " + why);
    }
}
