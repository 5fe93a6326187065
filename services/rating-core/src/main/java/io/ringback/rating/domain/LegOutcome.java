package io.ringback.rating.domain;

/** Why a leg is (not) charged to the customer. */
public enum LegOutcome {
    BILLED,
    NOT_ANSWERED,
    CAUSE_NOT_BILLABLE,
    /** Leg A in Flow mode: not charged, its cost still recorded. */
    FLOW_LEG_A,
    /** Leg A of a session whose leg B was never answered, and the service does not bill that. */
    LEG_B_FAILED,
    /** A level of the chain has no rate for the leg's number. */
    NO_RATE
}
