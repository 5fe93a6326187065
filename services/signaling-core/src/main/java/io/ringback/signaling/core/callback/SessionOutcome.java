package io.ringback.signaling.core.callback;

/** How a session ended, as proto {@code SessionOutcome}. */
public enum SessionOutcome { CONNECTED, CALLBACK_FAILED, NOT_CONNECTED, JOB_EXPIRED }
