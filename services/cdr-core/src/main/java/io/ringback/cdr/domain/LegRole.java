package io.ringback.cdr.domain;

/** Leg A is the callback to the user; leg B the call to the destination the user dialed. */
public enum LegRole {
    A,
    B
}
