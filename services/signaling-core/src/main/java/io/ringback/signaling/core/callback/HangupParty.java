package io.ringback.signaling.core.callback;

/** Who ended a leg or a session, as proto {@code HangupParty}. */
public enum HangupParty { UNSPECIFIED, USER, DESTINATION, PLATFORM }
