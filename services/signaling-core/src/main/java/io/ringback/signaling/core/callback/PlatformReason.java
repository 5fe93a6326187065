package io.ringback.signaling.core.callback;

/** Why the platform ended or failed a leg, as proto {@code PlatformReason}. */
public enum PlatformReason {
    UNSPECIFIED, MAX_DURATION, NO_FUNDS, NO_ROUTE, MARGIN_GUARD, MEDIA_TIMEOUT, PIN_FAILURE, JOB_EXPIRED,
    SESSION_TIMER, NO_INPUT, INVALID_DESTINATION, SERVICE_UNAVAILABLE, OPERATOR, SHUTDOWN, RING_TIMEOUT,
    MEDIA_NEGOTIATION
}
