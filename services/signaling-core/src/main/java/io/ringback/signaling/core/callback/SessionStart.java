package io.ringback.signaling.core.callback;

import java.time.Instant;
import java.util.UUID;

/**
 * What a session starts from (the claimed job).
 *
 * @param sessionId       the callback session
 * @param callerNumber    the user's number, normalized (E.164 digits)
 * @param dialedCaller    the caller ID as the trigger presented it
 * @param did             the access DID; null for a web callback
 * @param accountId       the paying account; null until a PIN login identifies it
 * @param serviceId       the callback service
 * @param ctdMode         {@code STANDARD} or {@code FLOW}
 * @param flowRateTableId Flow mode's rate table; null otherwise
 * @param language        the IVR's language
 * @param instanceId      the signaling instance running the session
 * @param startedAt       when the trigger arrived
 */
public record SessionStart(UUID sessionId, String callerNumber, String dialedCaller, String did, String accountId,
                           String serviceId, String ctdMode, String flowRateTableId, String language,
                           String instanceId, Instant startedAt) {
}
