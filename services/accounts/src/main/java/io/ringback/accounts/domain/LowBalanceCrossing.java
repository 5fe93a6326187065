package io.ringback.accounts.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A ledger entry that took an account's balance below its low-balance threshold. "Below" is
 * strictly less than the threshold: an entry crosses when the balance before it was at or above
 * the threshold and after it is below. An entry that leaves the balance below, when it was below
 * already, crosses nothing, so there is one notice per crossing, not one per call; once a
 * payment brings the balance back to the threshold or above, the next fall crosses again.
 */
public record LowBalanceCrossing(UUID entryId, EntryKind kind, Instant at, UUID accountId, boolean card,
                                 UUID parentId, String currency, BigDecimal threshold, BigDecimal before,
                                 BigDecimal after) {

    /** Whether going from {@code before} to {@code after} crosses {@code threshold} downwards. */
    public static boolean crosses(BigDecimal threshold, BigDecimal before, BigDecimal after) {
        return threshold != null && before.compareTo(threshold) >= 0 && after.compareTo(threshold) < 0;
    }
}
