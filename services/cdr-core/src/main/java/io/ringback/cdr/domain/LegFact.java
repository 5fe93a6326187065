package io.ringback.cdr.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One leg event as the CDR service received it: what one state change of one leg reported. Text
 * fields are never null (empty = not reported), instants are null when not reported. The enum-like
 * fields {@code ctdMode}, {@code hangupBy} and {@code platformReason} are the names of the
 * contract's values without their prefix ({@code STANDARD}, {@code USER}, {@code MAX_DURATION});
 * empty when unset.
 */
public record LegFact(String eventId, String sessionId, String legId, LegRole role, LegState state, long sequence,
                      long sessionSequence, Instant occurredAt,
                      String callerNumber, String calledNumber, String dialedNumber, String sentNumber, String did,
                      String accountId, String phoneCardId, String callbackServiceId, String ctdMode,
                      String flowRateTableId, String gatewayId, String costRateTableId, int routeIndex, int attempt,
                      int sipCode, int q850Cause, String hangupBy, String platformReason,
                      Instant originatedAt, Instant ringingAt, Instant answeredAt, Instant endedAt, long durationMs,
                      String reservationId, String sipCallId, String digits, long maxDurationMs, String instanceId,
                      boolean billLegAWhenLegBFailed) {

    public LegFact {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(legId, "legId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(occurredAt, "occurredAt");
        callerNumber = text(callerNumber);
        calledNumber = text(calledNumber);
        dialedNumber = text(dialedNumber);
        sentNumber = text(sentNumber);
        did = text(did);
        accountId = text(accountId);
        phoneCardId = text(phoneCardId);
        callbackServiceId = text(callbackServiceId);
        ctdMode = text(ctdMode);
        flowRateTableId = text(flowRateTableId);
        gatewayId = text(gatewayId);
        costRateTableId = text(costRateTableId);
        hangupBy = text(hangupBy);
        platformReason = text(platformReason);
        reservationId = text(reservationId);
        sipCallId = text(sipCallId);
        digits = text(digits);
        instanceId = text(instanceId);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
