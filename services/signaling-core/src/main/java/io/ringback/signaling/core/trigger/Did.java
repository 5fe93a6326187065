package io.ringback.signaling.core.trigger;

import io.ringback.signaling.core.callerid.CallerIdNormalization;
import io.ringback.signaling.core.source.TrustedSources;

/**
 * An access number as the trigger sees it.
 *
 * @param number                   E.164 digits without {@code +}
 * @param serviceId                the callback service it triggers
 * @param trustedSources           where its provider sends calls from
 * @param assertedIdentityTrusted  whether those sources may assert the caller in P-Asserted-Identity
 * @param normalization            how the provider writes caller IDs
 * @param enabled                  a disabled DID is unknown (404)
 */
public record Did(String number, String serviceId, TrustedSources trustedSources, boolean assertedIdentityTrusted,
                  CallerIdNormalization normalization, boolean enabled) {
}
