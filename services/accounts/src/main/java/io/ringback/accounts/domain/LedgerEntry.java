package io.ringback.accounts.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One ledger entry; {@code amount} is signed (a debit is negative). */
public record LedgerEntry(UUID id, UUID accountId, EntryKind kind, BigDecimal amount, String idempotencyKey,
                          UUID reservationId, String description, Instant createdAt) {
}
