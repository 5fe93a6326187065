package io.ringback.signaling.core.callback;

/** The platform services the machine calls through an adapter. */
public enum Service { MEDIA, ACCOUNTS, RATING }
