package io.ringback.rating.domain;

/** The role of a leg in a callback session. */
public enum LegRole {
    /** The callback to the user. */
    A,
    /** The call to the destination. */
    B
}
