package io.ringback.rating.domain;

/** The row a number matched in a rate table (longest prefix valid at the call's start). */
public record MatchedRate(RateTable table, RateRow row) {

    /** The price of an answered leg of {@code durationMs} at this rate. */
    public LegPrice price(long durationMs) {
        return Pricing.price(row, durationMs);
    }
}
