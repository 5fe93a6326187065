package io.ringback.signaling.core.callback;

/** The session's timers; at most one of each runs at a time, so starting one again replaces it. */
public enum Timer {
    /** Leg A's ring timeout (the service's). */
    RING_A,
    /** The wait between two leg A attempts (the service's retry interval). */
    RETRY_A,
    /** Leg B's ring timeout, per route. */
    RING_B,
    /** The warning tone before the quoted maximum. */
    MAX_DURATION_WARNING,
    /** The quoted maximum of the bridge. */
    MAX_DURATION
}
