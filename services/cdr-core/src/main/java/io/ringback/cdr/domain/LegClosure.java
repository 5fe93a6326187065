package io.ringback.cdr.domain;

/** How a leg's end is known. */
public enum LegClosure {
    /** Its signaling instance reported the final state (ENDED or FAILED). */
    REPORTED,
    /**
     * Answered, its end never reported (the signaling instance died): closed by the CDR service
     * at the latest moment it could have lasted to, and billed no longer.
     */
    CLOSED_UNTERMINATED,
    /** Never answered and never reported as failed: closed as failed, costing nothing. */
    CLOSED_UNANSWERED
}
