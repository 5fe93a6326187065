package io.ringback.rating.app;

import io.ringback.rating.domain.RateTable;

import java.time.Instant;
import java.util.UUID;

/**
 * A rate table as stored: its identity and version, who owns it, how many rows it holds, when it
 * was created and last changed.
 *
 * @param owner the account that sells on it (a rate plan of that agent); null for a platform table
 */
public record StoredRateTable(RateTable table, UUID owner, int rowCount, Instant createdAt, Instant updatedAt) {
}
