package io.ringback.rating.adapter.rest;

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
 * @param durationMs  answered duration in milliseconds
 */
public record PriceRequest(@NotBlank String rateTableId, @NotBlank String number, Instant startTime,
                           @NotNull @PositiveOrZero Long durationMs) {
}
