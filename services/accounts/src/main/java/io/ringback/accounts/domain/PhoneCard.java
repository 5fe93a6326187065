package io.ringback.accounts.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A phone card as stored: {@code id} is its own account (its ledger, currency and rate plan),
 * {@code ownerId} the account that sells it. Expiry is a fixed moment ({@code expiresAt}) or a
 * number of days after the first use ({@code validDays}), or neither.
 */
public record PhoneCard(UUID id, UUID ownerId, String number, String pinHash, UUID batchId, String currency,
                        String rateTableId, boolean blocked, Instant expiresAt, Integer validDays,
                        Instant firstUsedAt, int pinFailures, Instant pinLockedUntil, Instant createdAt) {

    public enum Status { NEW, ACTIVE, USED_UP, EXPIRED, BLOCKED }

    /** When the card stops working: the fixed expiry, or valid days after first use; null = never (yet). */
    public Instant expiry() {
        if (expiresAt != null) {
            return expiresAt;
        }
        return validDays == null || firstUsedAt == null ? null : firstUsedAt.plus(Duration.ofDays(validDays));
    }

    /**
     * The status at {@code now} with {@code available} funds: blocked first, then expired, then
     * used up (nothing left to spend), then active once used, else new.
     */
    public Status status(Instant now, BigDecimal available) {
        if (blocked) {
            return Status.BLOCKED;
        }
        Instant expiry = expiry();
        if (expiry != null && !now.isBefore(expiry)) {
            return Status.EXPIRED;
        }
        if (available.signum() <= 0) {
            return Status.USED_UP;
        }
        return firstUsedAt == null ? Status.NEW : Status.ACTIVE;
    }
}
