package io.ringback.rating.domain;

/** Why a quote does (not) allow the call. */
public enum QuoteOutcome {
    OK,
    NO_RATE_LEG_A,
    NO_RATE_LEG_B,
    INSUFFICIENT_FUNDS,
    BELOW_MINIMUM_DURATION,
    ACCOUNT_INACTIVE,
    NO_RATE_TABLE
}
