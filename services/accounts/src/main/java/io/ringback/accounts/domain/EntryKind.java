package io.ringback.accounts.domain;

import io.ringback.common.Money;
import java.util.Set;

/** What a ledger entry records. */
public enum EntryKind {
    /** Money received from the customer: credits the balance. */
    PAYMENT,
    /** Money paid back to the customer: debits the balance. */
    REFUND,
    /** A correction by the operator, either sign. */
    ADJUSTMENT,
    /** A rated CDR's charge at this level of the reseller chain: debits the balance. */
    CALL_CHARGE,
    /** Funds held for a call in progress; counts in "reserved", not in the balance. */
    RESERVATION,
    /** The unused part of a reservation given back; counts in neither. */
    RELEASE;

    /** The kinds whose amounts sum up to the balance. */
    public static final Set<EntryKind> BALANCE_KINDS = Set.of(PAYMENT, REFUND, ADJUSTMENT, CALL_CHARGE);

    /** The kinds a BSS records through the payments endpoint. */
    public static final Set<EntryKind> PAYMENT_KINDS = Set.of(PAYMENT, REFUND, ADJUSTMENT);
}
