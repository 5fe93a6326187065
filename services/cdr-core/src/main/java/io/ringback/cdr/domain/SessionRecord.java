package io.ringback.cdr.domain;

import java.time.Instant;
import java.util.List;

/**
 * The record of a callback session that links its leg CDRs: who owns it, how it is billed, its
 * legs in the order they were originated, and how it ended.
 *
 * @param accountId      the account that owns the session (level 0); empty when never identified
 * @param ctdMode        STANDARD or FLOW; empty when no event said
 * @param legIds         every leg with a CDR, in originating order
 * @param missingLegIds  legs the marker named that never reported anything (no CDR for them)
 * @param outcome        the marker's outcome; empty without a marker
 * @param reservationIds the fund reservations to release after settlement
 * @param endedAt        the latest end among the legs (or the marker's time)
 * @param billLegAWhenLegBFailed the service's choice to bill leg A without an answered leg B (any
 *                       leg event of the session saying so)
 */
public record SessionRecord(String sessionId, String accountId, String phoneCardId, String callbackServiceId,
                            String ctdMode, String flowRateTableId, String did, List<String> legIds,
                            List<String> missingLegIds, String outcome, String hangupBy, String platformReason,
                            List<String> reservationIds, Completion completion, Instant startedAt,
                            Instant endedAt, boolean billLegAWhenLegBFailed) {

    public SessionRecord {
        legIds = List.copyOf(legIds);
        missingLegIds = List.copyOf(missingLegIds);
        reservationIds = List.copyOf(reservationIds);
    }
}
