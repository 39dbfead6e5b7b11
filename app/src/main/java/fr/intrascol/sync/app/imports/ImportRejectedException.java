package fr.intrascol.sync.app.imports;

/** An uploaded file refused as a whole; the refusal is recorded under {@code importId}. */
public class ImportRejectedException extends RuntimeException {

    private final String importId;

    public ImportRejectedException(String importId, String message) {
        super(message);
        this.importId = importId;
    }

    public String importId() {
        return importId;
    }
}
