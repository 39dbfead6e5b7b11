package fr.intrascol.sync.message.meta;

/** Why an event exists: which kind of operation produced it. Carried in every event's metadata. */
public enum Origin {
    /** An extraction (BE1d/ONDE) import applied by a person. */
    IMPORT,
    /** A person's edit through the web UI or the API. */
    MANUAL,
    /** Compensation of an earlier import. */
    ROLLBACK,
    /** History replayed onto a new installation. */
    REPLAY,
    /** The retention rule erasing old accounts. */
    RETENTION
}
