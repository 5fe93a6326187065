package io.ringback.rating.domain;

import io.ringback.common.Money;

import java.math.BigDecimal;

/**
 * The price of one leg at one rate.
 *
 * @param billableSeconds seconds after the rate's increments
 * @param charge          scale 6, rounded half-up
 */
public record LegPrice(long billableSeconds, BigDecimal charge) {

    public static final LegPrice NOTHING = new LegPrice(0, Money.ZERO);
}
