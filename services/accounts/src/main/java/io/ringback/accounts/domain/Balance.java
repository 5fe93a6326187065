package io.ringback.accounts.domain;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The money figures of one account: the ledger balance, the open reservations, what its calls
 * were charged today (counted only for a postpaid account with a daily cap, zero otherwise), and
 * what calls may still spend.
 */
public record Balance(UUID accountId, BigDecimal balance, BigDecimal reserved, BigDecimal creditLimit,
                      String currency, BillingType billingType, SpendCaps caps, BigDecimal spentToday) {

    /** The figures of an account from its ledger balance, open reservations and today's call charges. */
    public static Balance of(Account account, BigDecimal balance, BigDecimal reserved, BigDecimal spentToday) {
        return new Balance(account.id(), balance, reserved, account.creditLimit(), account.currency(),
                account.billingType(), account.spendCaps(), spentToday);
    }

    /**
     * What calls may still spend. Prepaid: balance + credit limit − reserved. Postpaid: the same
     * credit headroom (the balance may go negative down to minus the credit limit), and no more
     * than the per-call cap, nor than the daily cap less today's charges and the open reservations.
     */
    public BigDecimal available() {
        BigDecimal available = balance.add(creditLimit).subtract(reserved);
        if (billingType == BillingType.POSTPAID) {
            if (caps.perCall() != null) {
                available = available.min(caps.perCall());
            }
            if (caps.daily() != null) {
                available = available.min(caps.daily().subtract(spentToday).subtract(reserved));
            }
        }
        return available;
    }

    /** Whether a call may start: available funds above the minimum (any positive funds when zero). */
    public boolean above(BigDecimal minimum) {
        return available().compareTo(minimum) > 0;
    }
}
