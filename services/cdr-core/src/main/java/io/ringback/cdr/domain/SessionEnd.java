package io.ringback.cdr.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A session's SessionEnded marker: every leg it lists has reported its final state before it.
 * Text fields are never null (empty = not reported); {@code outcome}, {@code hangupBy} and
 * {@code platformReason} are the contract's value names without prefix.
 */
public record SessionEnd(String eventId, String sessionId, Instant occurredAt, List<String> legIds, String outcome,
                         String hangupBy, String platformReason, String accountId, List<String> reservationIds,
                         long sessionSequence, Instant startedAt, String callbackServiceId, String phoneCardId) {

    public SessionEnd {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        legIds = List.copyOf(legIds);
        reservationIds = List.copyOf(reservationIds);
        outcome = outcome == null ? "" : outcome;
        hangupBy = hangupBy == null ? "" : hangupBy;
        platformReason = platformReason == null ? "" : platformReason;
        accountId = accountId == null ? "" : accountId;
        callbackServiceId = callbackServiceId == null ? "" : callbackServiceId;
        phoneCardId = phoneCardId == null ? "" : phoneCardId;
    }
}
