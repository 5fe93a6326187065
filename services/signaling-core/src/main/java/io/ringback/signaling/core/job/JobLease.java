package io.ringback.signaling.core.job;

import io.ringback.signaling.core.callback.SessionOutcome;

import java.util.UUID;

/** The claim a worker holds on a running job, handed to the {@link CallbackRunner}. */
public interface JobLease {

    UUID sessionId();

    /** False once the job is closed or was taken over by another instance after a lapse. */
    boolean held();

    /** Closes the job with its outcome and stops renewing it; false when it was no longer held. */
    boolean close(SessionOutcome outcome);
}
