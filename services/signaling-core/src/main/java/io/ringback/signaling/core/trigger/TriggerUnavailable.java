package io.ringback.signaling.core.trigger;

/**
 * A service the trigger depends on (accounts, the job store's database) did not answer: the
 * trigger gets 503 and nothing is created, so the user may simply try again.
 */
public class TriggerUnavailable extends RuntimeException {

    public TriggerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public TriggerUnavailable(String message) {
        super(message);
    }
}
