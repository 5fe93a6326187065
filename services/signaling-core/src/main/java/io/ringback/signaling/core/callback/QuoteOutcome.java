package io.ringback.signaling.core.callback;

/** What a quote decided, as rating's {@code QuoteReason} reduced to what the call flow does with it. */
public enum QuoteOutcome {
    /** The call may be placed for the quoted maximum. */
    ALLOWED,
    /** No rate for the destination: an invalid destination (re-prompt, counts as a retry). */
    NO_RATE,
    /** The funds do not cover the minimum duration, or a level is inactive: insufficient balance. */
    INSUFFICIENT_FUNDS
}
