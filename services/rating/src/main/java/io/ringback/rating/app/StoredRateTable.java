package io.ringback.rating.app;

import io.ringback.rating.domain.RateTable;

import java.time.Instant;

/** A rate table as stored: its identity and version, how many rows it holds, when it was created and last changed. */
public record StoredRateTable(RateTable table, int rowCount, Instant createdAt, Instant updatedAt) {
}
