package fr.intrascol.sync.app.web;

/** A school, account or user asked for that does not exist; the message names it. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
