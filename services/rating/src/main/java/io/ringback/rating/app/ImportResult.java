package io.ringback.rating.app;

import io.ringback.rating.domain.RowError;

import java.util.List;

/**
 * What an import did.
 *
 * @param imported how many rows the table now holds
 * @param rejected every rejected line with its reason (rows skipped when the import skips invalid rows)
 * @param version  the table's new version
 */
public record ImportResult(int imported, List<RowError> rejected, long version) {
}
