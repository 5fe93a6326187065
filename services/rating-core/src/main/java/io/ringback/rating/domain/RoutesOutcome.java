package io.ringback.rating.domain;

/** Why a route list is what it is. */
public enum RoutesOutcome {
    OK,
    /** No candidate's cost table has a rate for the destination. */
    NO_ROUTE,
    /** Routes exist but every one costs more per minute than the customer pays. */
    MARGIN_GUARD
}
