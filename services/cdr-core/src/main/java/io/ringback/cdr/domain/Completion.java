package io.ringback.cdr.domain;

/** Why a session was judged complete, so its legs could be rated. */
public enum Completion {
    /** Its SessionEnded marker arrived and every leg it lists has its final event. */
    MARKER,
    /** No marker arrived, but every known leg ended and nothing came for the marker wait. */
    ALL_LEGS_ENDED,
    /**
     * At least one leg never reported its end (or the marker named a leg never seen) and the
     * limits passed: the session was closed with what is known.
     */
    CLOSED_BY_LIMIT
}
