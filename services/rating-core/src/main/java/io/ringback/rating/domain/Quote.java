package io.ringback.rating.domain;

import java.util.List;

/**
 * A quote: whether the call may be placed and for how long.
 *
 * @param refusedAccountId the level that stopped the call; null when allowed or not due to one level
 * @param maxDurationSeconds whole seconds, the minimum over the chain within the cap; 0 when not allowed
 */
public record Quote(QuoteOutcome outcome, String refusedAccountId, boolean legARateFound, boolean legBRateFound,
                    List<LevelQuote> levels, long maxDurationSeconds) {

    public boolean allowed() {
        return outcome == QuoteOutcome.OK;
    }
}
