package io.ringback.signaling.adapter.persistence;

/** The job store (PostgreSQL) failed a claim step; the worker tries again on its next pass. */
public class JobStoreUnavailable extends RuntimeException {

    public JobStoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
