package io.ringback.rating.domain;

import io.ringback.common.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/** The rated legs of one session, with the session's totals and margin. */
public record RatedSession(List<RatedLeg> legs) {

    public BigDecimal totalCustomerCharge() {
        return legs.stream().map(RatedLeg::customerCharge).reduce(Money.ZERO, BigDecimal::add);
    }

    public BigDecimal totalVendorCost() {
        return legs.stream().map(RatedLeg::vendorCost).reduce(Money.ZERO, BigDecimal::add);
    }

    /** Charge minus cost over the session. */
    public BigDecimal margin() {
        return totalCustomerCharge().subtract(totalVendorCost());
    }

    /** Margin as a percentage of the charge, one decimal, half-up; empty when nothing was charged. */
    public Optional<BigDecimal> marginPercent() {
        BigDecimal charge = totalCustomerCharge();
        if (charge.signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(margin().multiply(BigDecimal.valueOf(100)).divide(charge, 1, RoundingMode.HALF_UP));
    }
}
