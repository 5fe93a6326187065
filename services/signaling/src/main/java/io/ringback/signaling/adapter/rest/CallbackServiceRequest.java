package io.ringback.signaling.adapter.rest;

import io.ringback.common.Money;
import io.ringback.signaling.app.CallbackServiceSettings;
import io.ringback.signaling.app.CallerPolicy;
import io.ringback.signaling.app.CtdMode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/**
 * A callback service to create or replace; absent optional fields take the default shown.
 *
 * @param minimumBalance a decimal string with up to 6 decimals, in each chain level's own currency
 */
public record CallbackServiceRequest(
        @Schema(required = true, maxLength = 200) String name,
        @Schema(description = "Absent: the caller's own account (the platform for the admin)") UUID ownerAccountId,
        @Schema(required = true, description = "A template the service's owner may use") UUID templateId,
        @Schema(description = "The language the IVR starts in, one of the template's; absent: the template's first", example = "es") String language,
        @Schema(description = "Absent: the account's default CTD mode") CtdMode ctdMode,
        @Schema(description = "Required when ctdMode is FLOW") UUID flowRateTableId,
        @Schema(defaultValue = "REGISTERED_ONLY") CallerPolicy callerPolicy,
        @Schema(defaultValue = "0.000000", example = "1.500000") String minimumBalance,
        @Schema(defaultValue = "2", minimum = "0", maximum = "300") Integer callbackDelaySeconds,
        @Schema(defaultValue = "3", minimum = "1", maximum = "10") Integer attempts,
        @Schema(defaultValue = "30", minimum = "0", maximum = "3600") Integer retryIntervalSeconds,
        @Schema(defaultValue = "30", minimum = "5", maximum = "180") Integer ringTimeoutSeconds,
        @Schema(defaultValue = "0", description = "Per account; 0 = no limit") Integer maxConcurrentCallbacks,
        @Schema(defaultValue = "480", enumeration = {"480", "486", "603"}) Integer rejectCode,
        @Schema(defaultValue = "403", enumeration = {"403", "603"}) Integer unauthorizedCode,
        @Schema(defaultValue = "false") Boolean redialAllowed,
        @Schema(defaultValue = "true") Boolean enabled) {

    CallbackServiceSettings settings() {
        return new CallbackServiceSettings(name, ownerAccountId, templateId, language, ctdMode, flowRateTableId,
                callerPolicy == null ? CallerPolicy.REGISTERED_ONLY : callerPolicy,
                minimumBalance == null ? Money.ZERO : Money.parseNonNegative("minimumBalance", minimumBalance),
                or(callbackDelaySeconds, 2), or(attempts, 3), or(retryIntervalSeconds, 30), or(ringTimeoutSeconds, 30),
                or(maxConcurrentCallbacks, 0), or(rejectCode, 480), or(unauthorizedCode, 403),
                redialAllowed != null && redialAllowed, enabled == null || enabled);
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
