package io.ringback.signaling.core.trigger;

/**
 * Asks accounts whether a caller may use a service (a port; the adapter calls accounts'
 * {@code AuthorizeCaller}).
 */
public interface CallerAuthorizer {

    /**
     * What accounts answered for the caller on this DID and service.
     *
     * @throws TriggerUnavailable when accounts did not answer (or answered something unusable)
     */
    CallerAuthorization authorize(String callerNumber, String did, TriggerService service);
}
