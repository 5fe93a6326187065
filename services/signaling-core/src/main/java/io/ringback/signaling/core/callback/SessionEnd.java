package io.ringback.signaling.core.callback;

import java.util.List;
import java.util.UUID;

/** The session's end marker, mirroring proto {@code SessionEnded}; times in epoch milliseconds. */
public record SessionEnd(UUID sessionId, List<UUID> legIds, SessionOutcome outcome, HangupParty hangupBy,
                         PlatformReason platformReason, String accountId, String phoneCardId, String serviceId,
                         List<String> reservationIds, long startedAtMs, long occurredAtMs,
                         long sessionSequence) {
    public SessionEnd {
        legIds = List.copyOf(legIds);
        reservationIds = List.copyOf(reservationIds);
    }
}
