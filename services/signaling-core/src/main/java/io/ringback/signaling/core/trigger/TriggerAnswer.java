package io.ringback.signaling.core.trigger;

import java.util.UUID;

/**
 * The final response a trigger gets: never a 2xx.
 *
 * @param outcome   why
 * @param sipCode   the SIP status code, 300 to 699
 * @param sessionId the callback session (job) this trigger created; null when it created none
 */
public record TriggerAnswer(TriggerOutcome outcome, int sipCode, UUID sessionId) {

    public TriggerAnswer {
        if (sipCode < 300 || sipCode > 699) {
            throw new IllegalArgumentException("a trigger is never answered: its final response is 3xx-6xx, not "
                    + sipCode);
        }
        if (sessionId != null && outcome != TriggerOutcome.ACCEPTED) {
            throw new IllegalArgumentException("only an accepted trigger creates a session, not " + outcome);
        }
    }

    /** An answer that created no session. */
    public TriggerAnswer(TriggerOutcome outcome, int sipCode) {
        this(outcome, sipCode, null);
    }
}
