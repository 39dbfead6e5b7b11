package fr.intrascol.sync.message.value;

import java.time.LocalDate;

/**
 * One pupil as an extraction (BE1d / ONDE) lists it, already checked: names, birth date, sex, INE
 * (null in Base Élèves files), level and class label. {@code line} is its line in the file.
 * Addresses and consents are in the files but are not account data: they are never read into this.
 */
public record PupilRow(int line, PersonName name, LocalDate birthDate, String sex, String ine, Level level,
                       ClassGroup classGroup) {

    public PersonalData personalData() {
        return new PersonalData(name, birthDate, ine);
    }
}
