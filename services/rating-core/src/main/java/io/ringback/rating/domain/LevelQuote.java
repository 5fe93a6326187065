package io.ringback.rating.domain;

import java.math.BigDecimal;

/**
 * The quote of one chain level.
 *
 * @param legARate            rate for leg A; null when leg A is not charged (Flow) or has no rate
 * @param legBRate            rate for leg B (the flow rate at level 0 in Flow mode); null when none
 * @param legAAccruedCharge   what leg A has cost this level so far
 * @param available           the funds this level may spend
 * @param maxDurationSeconds  the longest bridge this level's funds allow (0 when none, or when rates are missing)
 * @param maxDurationCharge   the charge to this level at the overall quoted maximum: the amount to reserve
 */
public record LevelQuote(ChainLevel level, MatchedRate legARate, MatchedRate legBRate, BigDecimal legAAccruedCharge,
                         BigDecimal available, long maxDurationSeconds, BigDecimal maxDurationCharge) {
}
