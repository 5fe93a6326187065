package io.ringback.rating.adapter.rest;

import io.ringback.rating.app.ImportResult;
import io.ringback.rating.domain.RowError;

import java.util.List;

/**
 * The outcome of a CSV import.
 *
 * @param imported how many rows the table now holds
 * @param rejected how many lines were rejected (skipped) in all
 * @param version  the table's new version
 * @param errors   the first 1000 rejected lines and why
 */
public record ImportView(int imported, int rejected, long version, List<RowError> errors) {

    static ImportView of(ImportResult result) {
        return new ImportView(result.imported(), result.rejected(), result.version(), result.errors());
    }
}
