package fr.intrascol.sync.command.extraction;

/** The whole file cannot be read as an extraction; the message says why and what to do. */
public class ExtractionRejectedException extends RuntimeException {
    public ExtractionRejectedException(String message) {
        super(message);
    }
}
