package io.ringback.cdr.domain;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An assembled session as its rating sees it: the session record, every leg CDR (the legs are
 * rated together: leg A's billing depends on its legs B) and which of them are not rated yet.
 */
public record SessionToRate(SessionRecord session, List<LegCdr> legs, Set<UUID> pendingCdrIds) {

    public SessionToRate {
        legs = List.copyOf(legs);
        pendingCdrIds = Set.copyOf(pendingCdrIds);
    }

    /** The ids of the session's other legs: leg A for a leg B, every leg B for a leg A. */
    public List<String> peersOf(LegCdr leg) {
        LegRole peerRole = leg.role() == LegRole.A ? LegRole.B : LegRole.A;
        return legs.stream().filter(other -> other.role() == peerRole).map(LegCdr::legId).toList();
    }
}
