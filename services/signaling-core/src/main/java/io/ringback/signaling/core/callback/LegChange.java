package io.ringback.signaling.core.callback;

import java.util.UUID;

/**
 * A leg's state change, mirroring proto {@code LegEvent} (the app maps it field by field). Times
 * are epoch milliseconds, 0 when unset; strings are null when unset.
 */
public record LegChange(UUID sessionId, UUID legId, LegRole role, LegState state, String callerNumber,
                        String calledNumber, String dialedNumber, String sentNumber, String did,
                        String accountId, String phoneCardId, String serviceId, String ctdMode,
                        String flowRateTableId, String gatewayId, String costRateTableId, int sipCode,
                        int q850Cause, HangupParty hangupBy, PlatformReason platformReason, int attempt,
                        int routeIndex, String digits, String sipCallId, String reservationId,
                        long maxDurationMs, long occurredAtMs, long originatedAtMs, long ringingAtMs,
                        long answeredAtMs, long endedAtMs, long durationMs, long sequence,
                        long sessionSequence, String instanceId) {
}
