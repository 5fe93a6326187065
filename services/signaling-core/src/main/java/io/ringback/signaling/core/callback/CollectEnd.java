package io.ringback.signaling.core.callback;

/** Why a play-and-collect ended. */
public enum CollectEnd {
    /** The terminator key was pressed (it is not part of the digits). */
    TERMINATOR,
    /** The maximum number of digits was reached. */
    MAX_DIGITS,
    /** The first-digit or inter-digit timeout expired (digits may be partial or empty). */
    TIMEOUT
}
