package io.ringback.signaling.core.callback;

/** Leg A calls the user back; leg B calls the destination the user entered. */
public enum LegRole { A, B }
