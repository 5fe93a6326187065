package io.ringback.signaling.core.callback;

/** The state a leg moved into, as proto {@code LegState}. */
public enum LegState {
    /** The INVITE was sent. */
    ORIGINATED,
    /** The far end is ringing (180/183). */
    RINGING,
    /** The far end answered (200 OK). */
    ANSWERED,
    /** An answered leg ended. */
    ENDED,
    /** The leg ended without being answered. */
    FAILED
}
