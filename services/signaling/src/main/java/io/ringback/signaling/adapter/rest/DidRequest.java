package io.ringback.signaling.adapter.rest;

import io.ringback.signaling.app.DidSettings;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/**
 * A DID to create or replace.
 *
 * @param normalization how the DID's provider writes caller IDs; absent: they arrive international
 */
public record DidRequest(
        @Schema(required = true, example = "+52 55 8000 1000") String number,
        @Schema(required = true) UUID callbackServiceId,
        @Schema(required = true, description = "IP addresses and CIDR ranges the provider sends from, IPv4 or IPv6",
                example = "[\"203.0.113.0/24\", \"2001:db8::7\"]") List<String> trustedSources,
        @Schema(defaultValue = "false", description = "Whether those sources may name the caller in P-Asserted-Identity")
        Boolean assertedIdentityTrusted,
        Normalization normalization,
        @Schema(defaultValue = "true") Boolean enabled) {

    /**
     * How the provider writes caller IDs, applied in this order: {@code +} or the international
     * prefix means international; the national prefix is replaced by the country code; a number of
     * the national number length gets the country code in front.
     */
    public record Normalization(
            @Schema(example = "52") String countryCode,
            @Schema(example = "0") String nationalPrefix,
            @Schema(defaultValue = "00") String internationalPrefix,
            @Schema(defaultValue = "0", description = "0 = not used; 10 for Mexico") Integer nationalNumberLength) {
    }

    DidSettings settings() {
        Normalization rule = normalization == null ? new Normalization(null, null, null, null) : normalization;
        return DidSettings.of(number, callbackServiceId, trustedSources,
                assertedIdentityTrusted != null && assertedIdentityTrusted, rule.countryCode(), rule.nationalPrefix(),
                rule.internationalPrefix() == null ? "00" : rule.internationalPrefix(),
                rule.nationalNumberLength() == null ? 0 : rule.nationalNumberLength(), enabled == null || enabled);
    }
}
