package io.ringback.rating.adapter.rest;

import io.ringback.rating.domain.Leg;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Instant;

/**
 * One leg to price.
 *
 * @param rateTableId the table to price it with
 * @param number      the number called; {@code +}, spaces and dashes are dropped
 * @param startTime   when the leg started (picks rows valid then); absent = now
 * @param durationMs  answered duration in milliseconds, at most 86 400 000 (24 hours)
 */
public record PriceRequest(@NotBlank String rateTableId, @NotBlank String number, Instant startTime,
                           @NotNull @PositiveOrZero @Max(value = Leg.MAX_DURATION_MS, message = "must be at most 86400000 (24 hours)") Long durationMs) {
}
