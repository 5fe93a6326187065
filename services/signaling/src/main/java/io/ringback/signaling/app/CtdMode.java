package io.ringback.signaling.app;

/** How a callback is billed (domain §3): STANDARD rates each leg on the account's plan; FLOW on the service's flow table. */
public enum CtdMode { STANDARD, FLOW }
