package io.ringback.rating.domain;

import java.time.Instant;
import java.util.Optional;

/** A rate table with its rows, ready for lookups. Immutable: a change of the table is a new deck. */
public record RateDeck(RateTable table, PrefixIndex index) {

    /** The longest prefix of {@code number} (normalized digits) with a row valid at {@code at}. */
    public Optional<MatchedRate> lookup(String number, Instant at) {
        RateRow row = index.lookup(number, at);
        return row == null ? Optional.empty() : Optional.of(new MatchedRate(table, row));
    }
}
