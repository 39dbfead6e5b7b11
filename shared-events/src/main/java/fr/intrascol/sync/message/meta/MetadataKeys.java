package fr.intrascol.sync.message.meta;

import java.util.List;

/**
 * The metadata every event carries: who did it, through which kind of operation, from which import,
 * why, and the correlation id that ties together all events of one request.
 */
public final class MetadataKeys {

    /** The authenticated user (or system job) that caused the event. Always present. */
    public static final String ACTOR = "actor";
    /** An {@link Origin} name. Always present. */
    public static final String ORIGIN = "origin";
    /** The import that caused the event, when one did. */
    public static final String IMPORT_ID = "importId";
    /** Why a person made the change, when they said. */
    public static final String REASON = "reason";
    /** Shared by every message caused by one request (set by Axon's MessageOriginProvider). */
    public static final String CORRELATION_ID = "correlationId";

    /** Keys copied from a command onto the events it causes. */
    public static final List<String> PROPAGATED = List.of(ACTOR, ORIGIN, IMPORT_ID, REASON);

    /** Longest reason accepted, so that a history report stays readable. */
    public static final int REASON_MAX_LENGTH = 500;

    private MetadataKeys() {
    }
}
