package io.ringback.rating.domain;

import io.ringback.common.Failure;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a quote needs.
 *
 * @param chain                  the reseller chain, level 0 first
 * @param availableFunds         per level (same order): balance + credit limit - open reservations
 * @param userNumber             the number leg A calls (normalized digits)
 * @param destination            the number leg B calls (normalized digits)
 * @param mode                   Standard or Flow
 * @param flowTableId            the service's flow table (Flow mode)
 * @param legAElapsedMs          how long leg A has been up already
 * @param minimumDurationSeconds calls allowed less than this are refused; 0 = no minimum
 * @param capSeconds             the longest duration ever quoted
 * @param at                     when the call is placed (picks the rate rows valid then)
 */
public record QuoteRequest(List<ChainLevel> chain, List<BigDecimal> availableFunds, String userNumber,
                           String destination, CtdMode mode, String flowTableId, long legAElapsedMs,
                           int minimumDurationSeconds, int capSeconds, Instant at) {

    public QuoteRequest {
        chain = List.copyOf(chain);
        availableFunds = List.copyOf(availableFunds);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(at, "at");
        flowTableId = flowTableId == null ? "" : flowTableId;
        if (legAElapsedMs < 0 || minimumDurationSeconds < 0 || capSeconds <= 0) {
            throw Failure.invalid("invalid-rating-request", "Invalid rating request", "elapsed time and minimum duration cannot be negative, the cap must be positive");
        }
    }
}
