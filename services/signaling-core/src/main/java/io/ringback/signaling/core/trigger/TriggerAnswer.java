package io.ringback.signaling.core.trigger;

/**
 * The final response a trigger gets: never a 2xx.
 *
 * @param outcome why
 * @param sipCode the SIP status code, 300 to 699
 */
public record TriggerAnswer(TriggerOutcome outcome, int sipCode) {

    public TriggerAnswer {
        if (sipCode < 300 || sipCode > 699) {
            throw new IllegalArgumentException("a trigger is never answered: its final response is 3xx-6xx, not "
                    + sipCode);
        }
    }
}
