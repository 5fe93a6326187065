package io.ringback.signaling.core.trigger;

import java.time.Instant;
import java.util.UUID;

/**
 * The job an accepted trigger creates, with what the callback worker needs.
 *
 * @param sessionId             the callback session (every leg, endpoint and CDR carries it)
 * @param callerNumber          the number to call back
 * @param did                   the access number dialed
 * @param serviceId             the callback service
 * @param templateId            the IVR template
 * @param language              the IVR's language
 * @param accountId             the caller's account; null for a caller who logs in with a PIN
 * @param ctdMode               {@code STANDARD} or {@code FLOW}
 * @param maxConcurrentCallbacks the service's limit per account (0 = none), enforced when the job is stored
 * @param requestedAt           when the trigger arrived
 * @param notBefore             when the user may be called (the service's callback delay after the trigger)
 * @param expiresAt             after this the job is dropped, not dialed
 * @param triggerCallId         the trigger's SIP Call-ID
 */
public record CallbackJob(UUID sessionId, String callerNumber, String did, String serviceId, String templateId,
                          String language, String accountId, String ctdMode, int maxConcurrentCallbacks,
                          Instant requestedAt, Instant notBefore, Instant expiresAt, String triggerCallId) {
}
