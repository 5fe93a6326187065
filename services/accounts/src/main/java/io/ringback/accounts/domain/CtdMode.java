package io.ringback.accounts.domain;

/** The CTD billing mode an account uses when its callback service sets none. */
public enum CtdMode { STANDARD, FLOW }
