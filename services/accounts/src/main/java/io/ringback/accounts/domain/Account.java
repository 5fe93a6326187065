package io.ringback.accounts.domain;

import io.ringback.common.Failure;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An account of the hierarchy as stored, with whether it has sub-accounts (its category derives
 * from that). {@code card}: the account of a phone card (below its owner, never a sub-account).
 */
public record Account(UUID id, UUID parentId, String name, AccountStatus status, BillingType billingType,
                      String currency, BigDecimal creditLimit, String rateTableId, CtdMode defaultCtdMode,
                      Instant createdAt, boolean hasSubAccounts, SpendCaps spendCaps, boolean card) {

    public Category category() {
        return Category.of(hasSubAccounts);
    }

    public boolean active() {
        return status == AccountStatus.ACTIVE;
    }

    /** The same answer for an account that does not exist and one outside the caller's subtree. */
    public static Failure notFound(Object id) {
        return Failure.notFound("Account", "No account " + id + ".");
    }
}
