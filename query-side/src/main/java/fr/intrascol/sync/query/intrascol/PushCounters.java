package fr.intrascol.sync.query.intrascol;

/**
 * Where the projector counts its pushes and failed push attempts, per process since it started. The
 * application keeps them as Micrometer counters (this module does not depend on Micrometer), so the
 * metrics, the health endpoint and the status of a school all read the same figures.
 */
public interface PushCounters {

    /** A change reached the school's server. */
    void pushed(String uai);

    /** An attempt to push to the school's server failed (unreachable or refused). */
    void failed(String uai);

    /** Failed push attempts to this school's server. */
    long failures(String uai);
}
