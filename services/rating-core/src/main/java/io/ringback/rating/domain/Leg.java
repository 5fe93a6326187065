package io.ringback.rating.domain;

import io.ringback.common.Failure;

import java.time.Instant;
import java.util.Objects;

/**
 * A leg of a callback session to rate.
 *
 * @param legId       unique leg id
 * @param role        leg A or leg B
 * @param number      the number the leg called (normalized digits): the user's number for A, the destination for B
 * @param startTime   when the leg was originated; picks the rate rows valid then
 * @param durationMs  answered duration (answer to end), milliseconds; 0 when not answered
 * @param answered    whether the leg was answered
 * @param q850Cause   Q.850 hang-up cause, 0 when unknown
 * @param costTableId the carrying gateway's vendor cost table; empty when unknown
 */
public record Leg(String legId, LegRole role, String number, Instant startTime, long durationMs, boolean answered,
                  int q850Cause, String costTableId) {

    /** The longest leg rating prices: 24 hours. Longer is a malformed request, not a call. */
    public static final long MAX_DURATION_MS = 86_400_000L;

    public Leg {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(startTime, "startTime");
        if (durationMs < 0) {
            throw Failure.invalid("invalid-rating-request", "Invalid rating request", "leg " + legId + ": duration cannot be negative");
        }
        costTableId = costTableId == null ? "" : costTableId;
    }
}
