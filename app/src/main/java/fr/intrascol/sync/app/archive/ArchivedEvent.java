package fr.intrascol.sync.app.archive;

/**
 * One row of {@code domain_event_entry}, every column, exactly as stored: the payload and metadata are
 * the stored bytes (never deserialized, so an archive carries events this build does not know too).
 *
 * @param type      the aggregate type (may be null, Axon allows it)
 * @param chainHash the hash chain column (migration V6); null for an event stored without one
 */
public record ArchivedEvent(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                            String type, String timeStamp, String payloadType, String payloadRevision,
                            byte[] payload, byte[] metaData, byte[] chainHash) {

    /** The payload type without its package, as shown to people ({@code AccountCreated}). */
    public String shortType() {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    /** Names the event for an operator: school, sequence, type, identifiers; never its content. */
    public String describe() {
        return "school " + aggregateIdentifier + ", event " + sequenceNumber + " (" + shortType() + ", event id "
                + eventIdentifier + ", global index " + globalIndex + ")";
    }
}
