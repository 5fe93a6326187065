package io.ringback.rating.domain;

import java.util.Objects;

/**
 * One level of an account's reseller chain (0 = the account that owns the call, then each ancestor agent).
 *
 * @param level       position in the chain
 * @param accountId   the account charged at this level
 * @param rateTableId the rate plan this account buys on; empty when it has none
 * @param active      false when the account is suspended or closed
 * @param currency    ISO 4217 currency of the account
 */
public record ChainLevel(int level, String accountId, String rateTableId, boolean active, String currency) {

    public ChainLevel {
        Objects.requireNonNull(accountId, "accountId");
        rateTableId = rateTableId == null ? "" : rateTableId;
        currency = currency == null ? "" : currency;
    }

    public boolean hasRatePlan() {
        return !rateTableId.isEmpty();
    }
}
