package fr.intrascol.sync.message.value;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * Everything that identifies a person, kept in one value so that it can be encrypted per person and
 * erased by deleting that person's key without rewriting history (see docs/decisions.md).
 * The birth date is required for pupils, optional for adults; the INE (national pupil id) is known
 * only for pupils from ONDE extractions.
 */
public record PersonalData(PersonName name, LocalDate birthDate, String ine) {

    private static final Pattern INE = Pattern.compile("[0-9A-Z]{11}");

    public PersonalData {
        if (name == null) {
            throw new InvalidValueException("lastName", "The names are required.");
        }
        if (birthDate != null && (birthDate.getYear() < 1900 || birthDate.getYear() > 2200)) {
            throw new InvalidValueException("birthDate", "The birth date " + birthDate + " is not plausible.");
        }
        if (ine != null && ine.isBlank()) {
            ine = null;
        }
        if (ine != null) {
            ine = ine.strip().toUpperCase(java.util.Locale.ROOT);
            if (!INE.matcher(ine).matches()) {
                throw new InvalidValueException("ine",
                        "'" + ine + "' is not an INE: expected 11 letters and digits, e.g. 123456789AB.");
            }
        }
    }

    /** An erased person: names read « [effacé] », no birth date, no INE. */
    public static final PersonalData ERASED = new PersonalData(PersonName.ERASED, null, null);

    /** Whether this is an erased person's data. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isErased() {
        return name.isErased();
    }

    public PersonalData withName(PersonName newName) {
        return new PersonalData(newName, birthDate, ine);
    }
}
