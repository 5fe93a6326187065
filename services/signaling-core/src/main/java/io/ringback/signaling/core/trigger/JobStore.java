package io.ringback.signaling.core.trigger;

/**
 * Where jobs are stored (a port). {@link #create} stores the job and its {@code CallbackRequested}
 * event in one transaction, or nothing.
 */
public interface JobStore {

    /** What {@link #create} did. */
    enum Created { CREATED, ALREADY_PENDING, ACCOUNT_LIMIT }

    /**
     * Stores the job unless the caller already has an open job (ALREADY_PENDING) or the account
     * already has {@code job.maxConcurrentCallbacks()} open jobs (ACCOUNT_LIMIT).
     *
     * @throws TriggerUnavailable when the store could not be reached; then nothing was stored
     */
    Created create(CallbackJob job);
}
