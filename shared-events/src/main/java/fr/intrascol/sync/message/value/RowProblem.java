package fr.intrascol.sync.message.value;

/**
 * Why a line of an extraction cannot be used as it is. {@code code} is stable (for translations);
 * {@code message} says what is wrong and how to correct it; {@code column} names the column as the
 * file's header does, when one column is at fault.
 */
public record RowProblem(int line, String column, String code, String message) {
}
