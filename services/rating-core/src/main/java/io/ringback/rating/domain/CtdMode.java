package io.ringback.rating.domain;

/** How a callback session is billed to the customer (domain rules §3). */
public enum CtdMode {
    /** Leg A (rated by the user's number) plus leg B (rated by the destination), each on its own duration. */
    STANDARD,
    /** One combined price from the service's flow table by the destination, on leg B's duration; leg A not charged. */
    FLOW
}
