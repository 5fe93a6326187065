package io.ringback.rating.domain;

import java.util.List;
import java.util.Objects;

/**
 * The legs of one callback session with what decides their price.
 *
 * @param mode                     Standard or Flow
 * @param flowTableId              the service's flow table (Flow mode)
 * @param chain                    the reseller chain, level 0 first
 * @param legs                     all legs of the session (leg A's billing depends on whether a leg B was answered)
 * @param billLegAWhenLegBFailed   the service's choice to bill leg A when no leg B was answered
 */
public record SessionToRate(CtdMode mode, String flowTableId, List<ChainLevel> chain, List<Leg> legs,
                            boolean billLegAWhenLegBFailed) {

    public SessionToRate {
        Objects.requireNonNull(mode, "mode");
        flowTableId = flowTableId == null ? "" : flowTableId;
        chain = List.copyOf(chain);
        legs = List.copyOf(legs);
    }
}
