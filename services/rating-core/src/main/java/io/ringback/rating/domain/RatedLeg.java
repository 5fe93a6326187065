package io.ringback.rating.domain;

import io.ringback.common.Money;

import java.math.BigDecimal;
import java.util.List;

/**
 * A rated leg: the charge to every level of the chain and what the leg cost the platform.
 *
 * @param charges    one per chain level, level 0 first
 * @param vendorRate the gateway's cost row; null when unknown or not found
 * @param vendorCost what the leg cost at the vendor rate, recorded whether billed or not
 */
public record RatedLeg(Leg leg, LegOutcome outcome, List<LevelCharge> charges, MatchedRate vendorRate,
                       long vendorBillableSeconds, BigDecimal vendorCost) {

    public boolean billed() {
        return outcome == LegOutcome.BILLED;
    }

    /** The charge to the customer (level 0). */
    public BigDecimal customerCharge() {
        return charges.isEmpty() ? Money.ZERO : charges.get(0).charge();
    }

    /** Customer charge minus vendor cost. */
    public BigDecimal margin() {
        return customerCharge().subtract(vendorCost);
    }
}
