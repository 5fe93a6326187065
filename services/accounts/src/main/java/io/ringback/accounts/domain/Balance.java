package io.ringback.accounts.domain;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The money figures of one account: the ledger balance, the open reservations, and what calls may
 * still spend.
 */
public record Balance(UUID accountId, BigDecimal balance, BigDecimal reserved, BigDecimal creditLimit,
                      String currency, BillingType billingType) {

    /** balance + credit limit − reserved (the same formula for prepaid and postpaid, see the proto). */
    public BigDecimal available() {
        return balance.add(creditLimit).subtract(reserved);
    }

    /** Whether a call may start: available funds above the minimum (any positive funds when zero). */
    public boolean above(BigDecimal minimum) {
        return available().compareTo(minimum) > 0;
    }
}
