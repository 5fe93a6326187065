package io.ringback.cdr.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The CDR of one leg, before rating: everything its leg events reported, merged, and how its end
 * is known.
 *
 * @param cdrId         derived from the leg id, so assembling the same leg again gives the same id
 * @param answered      whether the leg was answered
 * @param durationMs    answer to end in milliseconds (0 when not answered); for a leg closed by
 *                      the CDR service, up to the latest moment it could have lasted to
 * @param finalState    ENDED or FAILED (closed legs: ENDED when answered, FAILED when not)
 * @param closure       reported by signaling, or closed by the CDR service
 * @param problem       why the leg's times cannot be billed (end before answer); empty when none
 */
public record LegCdr(UUID cdrId, String sessionId, String legId, LegRole role, int attempt, int routeIndex,
                     String callerNumber, String calledNumber, String dialedNumber, String sentNumber,
                     String gatewayId, String costRateTableId, String sipCallId,
                     Instant originatedAt, Instant ringingAt, Instant answeredAt, Instant endedAt,
                     long durationMs, boolean answered, LegState finalState, int sipCode, int q850Cause,
                     String hangupBy, String platformReason, String digits, long maxDurationMs,
                     String reservationId, String instanceId, LegClosure closure, String problem) {

    /** The id of the first CDR of a leg: the same whenever and however often the leg is assembled. */
    public static UUID originalCdrId(String legId) {
        return UUID.nameUUIDFromBytes(("ringback-cdr:" + legId + ":1").getBytes(StandardCharsets.UTF_8));
    }

    public boolean billableTimes() {
        return problem.isEmpty();
    }
}
