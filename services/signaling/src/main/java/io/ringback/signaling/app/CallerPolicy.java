package io.ringback.signaling.app;

/** Who may trigger a callback service. */
public enum CallerPolicy {
    /** Only a phone registered to an active account. */
    REGISTERED_ONLY,
    /** Also an unregistered caller, who logs in with a phone card or PIN in the IVR. */
    PIN_ALLOWED
}
