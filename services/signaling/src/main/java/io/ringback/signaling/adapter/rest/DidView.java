package io.ringback.signaling.adapter.rest;

import io.ringback.signaling.adapter.persistence.DidEntity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A DID as the API shows it: the number as E.164 digits, the trusted sources in canonical form. */
public record DidView(UUID id, String number, UUID callbackServiceId, List<String> trustedSources,
                      boolean assertedIdentityTrusted, DidRequest.Normalization normalization, boolean enabled,
                      Instant createdAt, Instant updatedAt) {

    static DidView of(DidEntity row) {
        return new DidView(row.id, row.number, row.callbackServiceId, List.of(row.trustedSources),
                row.assertedIdentityTrusted, new DidRequest.Normalization(row.countryCode, row.nationalPrefix,
                row.internationalPrefix, row.nationalNumberLength), row.enabled, row.createdAt, row.updatedAt);
    }
}
