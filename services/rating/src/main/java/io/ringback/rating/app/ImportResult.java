package io.ringback.rating.app;

import io.ringback.rating.domain.RowError;

import java.util.List;

/**
 * What an import did.
 *
 * @param imported how many rows the table now holds
 * @param rejected how many lines were rejected in all (skipped, when the import skips invalid rows)
 * @param errors   the first {@value io.ringback.rating.domain.RateDeckCsv#MAX_REPORTED_ERRORS} rejected lines with their reasons
 * @param version  the table's new version
 */
public record ImportResult(int imported, int rejected, List<RowError> errors, long version) {
}
