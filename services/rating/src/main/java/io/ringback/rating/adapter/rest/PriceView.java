package io.ringback.rating.adapter.rest;

import java.time.Instant;

/**
 * The price of one leg.
 *
 * @param billableSeconds seconds after the rate's increments
 * @param charge          connect fee + price per minute x billable / 60, half-up to 6 places
 */
public record PriceView(String rateTableId, String number, Instant startTime, long durationMs, long billableSeconds,
                        String charge, String currency, RateView rate) {
}
