package fr.intrascol.sync.command.extraction;

import fr.intrascol.sync.message.value.PupilRow;
import fr.intrascol.sync.message.value.RowProblem;

import java.util.List;

/**
 * An extraction as read: which kind of export it is, how it was encoded and separated, the pupils it
 * lists (rows with a problem are left out of {@code rows}) and every row problem with its line.
 */
public record Extraction(Format format, String encoding, char separator, int dataLines, List<PupilRow> rows,
                         List<RowProblem> problems) {

    /** ONDE (2017 on, with INE) or the older Base Élèves 1er degré export (no INE column). */
    public enum Format {
        ONDE, BASE_ELEVES
    }
}
