package io.ringback.rating.domain;

import java.util.Set;

/**
 * Which answered legs are billed: every answered leg is, for the time it was up, unless its Q.850
 * hang-up cause is listed here (an abnormal end is still billed unless the operator says otherwise).
 */
public record BillingPolicy(Set<Integer> nonBillableQ850Causes) {

    public static final BillingPolicy BILL_EVERY_ANSWERED_LEG = new BillingPolicy(Set.of());

    public BillingPolicy {
        nonBillableQ850Causes = Set.copyOf(nonBillableQ850Causes);
    }

    public boolean billable(int q850Cause) {
        return !nonBillableQ850Causes.contains(q850Cause);
    }
}
