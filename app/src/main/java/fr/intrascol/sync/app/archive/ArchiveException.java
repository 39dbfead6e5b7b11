package fr.intrascol.sync.app.archive;

/**
 * An export or import refused, with a message for the operator (what is wrong and what to do). Its
 * message never holds personal data: schools, sequence numbers, event identifiers and types only.
 */
public class ArchiveException extends Exception {

    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
