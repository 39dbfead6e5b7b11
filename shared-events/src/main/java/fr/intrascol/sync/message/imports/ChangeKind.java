package fr.intrascol.sync.message.imports;

/** What an import does to one pupil's account. */
public enum ChangeKind {
    /** A pupil new to the school: an account is opened. */
    ARRIVAL,
    /** A suspended pupil is back in the extraction: the account is reactivated. */
    RETURN,
    /** An active pupil missing from a full extraction: the account is suspended (never deleted). */
    DEPARTURE,
    /** Another class and/or level. */
    MOVE,
    /** The register spells the names differently (same INE, or a probable rename the director confirmed). */
    RENAME,
    /**
     * The register spells a name with accents the account lacks (same letters otherwise): the accents
     * are added, the account's case and spacing kept. A file that lacks the account's accents never
     * strips them.
     */
    ACCENTS
}
