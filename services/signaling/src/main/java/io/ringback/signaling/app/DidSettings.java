package io.ringback.signaling.app;

import io.ringback.common.Failure;
import io.ringback.signaling.core.callerid.CallerIdNormalization;
import io.ringback.signaling.core.source.TrustedSources;

import java.util.List;
import java.util.UUID;

/**
 * Everything an operator sets on a DID, checked: a value that is not what the trigger can use is
 * refused naming the field, before anything is stored.
 *
 * @param number                  the access number, E.164 (input may carry {@code +}, spaces, dashes); kept as digits
 * @param callbackServiceId       the service it triggers (the DID belongs to that service's owner)
 * @param trustedSources          the provider's IP addresses and CIDR ranges, at least one
 * @param assertedIdentityTrusted whether those sources may name the caller in P-Asserted-Identity
 * @param normalization           how the provider writes caller IDs
 * @param enabled                 a disabled DID is unknown to the trigger (404)
 */
public record DidSettings(String number, UUID callbackServiceId, TrustedSources trustedSources,
                          boolean assertedIdentityTrusted, CallerIdNormalization normalization, boolean enabled) {

    /**
     * Parses what a client sent. The number goes through the same normalization the trigger applies
     * to a Request-URI, so what is stored is what a trigger looks up.
     */
    public static DidSettings of(String number, UUID callbackServiceId, List<String> trustedSources,
                                 boolean assertedIdentityTrusted, String countryCode, String nationalPrefix,
                                 String internationalPrefix, int nationalNumberLength, boolean enabled) {
        if (number == null || number.isBlank()) {
            throw Failure.invalidField("number", "is required");
        }
        String digits = CallerIdNormalization.international().normalize(number)
                .orElseThrow(() -> Failure.invalidField("number",
                        "must be an E.164 number (country code first, 7 to 15 digits), got '" + number + "'"));
        if (callbackServiceId == null) {
            throw Failure.invalidField("callbackServiceId", "is required");
        }
        if (trustedSources == null || trustedSources.isEmpty()) {
            throw Failure.invalidField("trustedSources",
                    "needs at least one IP address or CIDR range of the provider (a DID trusts nobody otherwise)");
        }
        TrustedSources sources;
        try {
            sources = TrustedSources.parse(trustedSources);
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField("trustedSources", e.getMessage());
        }
        CallerIdNormalization normalization;
        try {
            normalization = new CallerIdNormalization(countryCode, nationalPrefix, internationalPrefix,
                    nationalNumberLength);
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField("normalization", e.getMessage());
        }
        return new DidSettings(digits, callbackServiceId, sources, assertedIdentityTrusted, normalization, enabled);
    }
}
