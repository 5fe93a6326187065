package io.ringback.signaling.core.job;

import java.time.Instant;
import java.util.UUID;

/**
 * A callback job this instance holds the claim of: everything the call needs from the job row, and
 * whether it was taken over from an instance whose lease lapsed (that instance may have dialed
 * already; its dialogs and media died with it).
 */
public record ClaimedJob(UUID sessionId, String callerNumber, String did, String serviceId, String templateId,
                         String language, String accountId, String ctdMode, Instant requestedAt, Instant notBefore,
                         Instant expiresAt, String triggerCallId, Instant leaseUntil, boolean takenOver) {
}
