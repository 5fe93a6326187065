package io.ringback.signaling.core.job;

/**
 * Runs the callback call of a claimed job (the callback state machine's driver). {@link #run} must
 * return promptly: the call goes on asynchronously and ends by {@link JobLease#close closing} the
 * lease with its outcome. The worker renews the lease while the call runs.
 */
public interface CallbackRunner {

    void run(ClaimedJob job, JobLease lease);
}
