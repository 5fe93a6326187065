package io.ringback.signaling.core.job;

/**
 * How a callback job ended, with the job status it closes with. The names are the session outcomes
 * of {@code SessionEnded} on {@code call.legs}.
 */
public enum JobOutcome {
    /** A leg B was answered. */
    CONNECTED("COMPLETED"),
    /** Leg A was never answered within the service's attempts. */
    CALLBACK_FAILED("FAILED"),
    /** Leg A was answered, no leg B was. */
    NOT_CONNECTED("COMPLETED"),
    /** The job expired before it ran: nothing was dialed. */
    JOB_EXPIRED("EXPIRED");

    private final String status;

    JobOutcome(String status) {
        this.status = status;
    }

    /** The {@code callback_job.status} a job with this outcome is closed with. */
    public String status() {
        return status;
    }
}
