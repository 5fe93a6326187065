package io.ringback.signaling.core.trigger;

/**
 * The life of a callback job. A caller has at most one job that {@link #isOpen() is open}: the
 * store holds that with a unique index over open jobs, so a second trigger (or a retransmission of
 * the first) creates nothing, whichever replica receives it.
 */
public enum JobStatus {
    /** Created, waiting for a worker (and for its not-before time). */
    PENDING,
    /** A worker is calling the user or the call is in progress. */
    RUNNING,
    /** The callback ran to its end. */
    COMPLETED,
    /** All attempts failed. */
    FAILED,
    /** Its expiry passed before a worker could start it. */
    EXPIRED;

    /** True while the job blocks another job for the same caller and counts against the account's limit. */
    public boolean isOpen() {
        return this == PENDING || this == RUNNING;
    }
}
