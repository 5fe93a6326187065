package io.ringback.rating.domain;

import java.util.Optional;

/** Where the rating rules find the current deck of a rate table (the service keeps them in memory). */
@FunctionalInterface
public interface RateDecks {

    /** The current deck of the table, empty when no such table exists. */
    Optional<RateDeck> find(String tableId);

    /** The current deck of the table. */
    default RateDeck require(String tableId) {
        return find(tableId).orElseThrow(() -> new UnknownRateTableException(tableId));
    }
}
