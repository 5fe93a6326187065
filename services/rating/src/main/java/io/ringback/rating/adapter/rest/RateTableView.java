package io.ringback.rating.adapter.rest;

import io.ringback.rating.app.StoredRateTable;
import io.ringback.rating.domain.TableKind;

import java.time.Instant;
import java.util.UUID;

/**
 * A rate table as the API shows it.
 *
 * @param ownerAccountId the account that sells on it; null for a platform table (the admin's)
 */
public record RateTableView(String id, String name, TableKind kind, String currency, UUID ownerAccountId, int rows,
                            long version, Instant createdAt, Instant updatedAt) {

    static RateTableView of(StoredRateTable stored) {
        return new RateTableView(stored.table().id(), stored.table().name(), stored.table().kind(),
                stored.table().currency(), stored.owner(), stored.rowCount(), stored.table().version(),
                stored.createdAt(), stored.updatedAt());
    }
}
