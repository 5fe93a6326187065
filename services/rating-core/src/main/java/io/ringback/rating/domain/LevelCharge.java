package io.ringback.rating.domain;

import java.math.BigDecimal;

/**
 * The charge of one leg to one level of the chain.
 *
 * @param level           chain level
 * @param rate            the rate applied; null when the leg is not charged at this level or has no rate
 * @param billableSeconds after this rate's increments; 0 when not charged
 * @param charge          scale 6; zero when not charged
 */
public record LevelCharge(ChainLevel level, MatchedRate rate, long billableSeconds, BigDecimal charge) {
}
