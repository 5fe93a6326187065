package io.ringback.signaling.app;

import io.ringback.common.Failure;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Everything an operator sets on a callback service (domain §2), checked: a value outside its
 * bounds is refused naming the field, before anything is stored.
 *
 * @param name                   1 to 200 characters, unique among the owner's services
 * @param templateId             the IVR template: one the service's owner may use
 * @param language               the language the IVR starts in, one of the template's; null: the template's first
 * @param ctdMode                null: the account's default CTD mode
 * @param flowRateTableId        the rating table a FLOW callback is billed on; required for FLOW
 * @param callerPolicy           registered phones only, or PIN login too
 * @param minimumBalance         what every chain level must have available, in its own currency, scale 6
 * @param callbackDelaySeconds   0 to 300: how long after the trigger the user is called back
 * @param attempts               1 to 10 calls to the user before the job fails
 * @param retryIntervalSeconds   0 to 3600 between those calls
 * @param ringTimeoutSeconds     5 to 180: how long leg A rings before it counts as not answered
 * @param maxConcurrentCallbacks per account, 0 = no limit
 * @param rejectCode             the final response to an accepted trigger: 480, 486 or 603
 * @param unauthorizedCode       the final response to a refused caller: 403 or 603
 * @param redialAllowed          whether the user may dial another destination after leg B ends
 * @param enabled                a disabled service makes its DIDs unknown (404)
 */
public record CallbackServiceSettings(String name, UUID ownerAccountId, UUID templateId, String language,
                                      CtdMode ctdMode, UUID flowRateTableId, CallerPolicy callerPolicy,
                                      BigDecimal minimumBalance, int callbackDelaySeconds, int attempts,
                                      int retryIntervalSeconds, int ringTimeoutSeconds, int maxConcurrentCallbacks,
                                      int rejectCode, int unauthorizedCode, boolean redialAllowed, boolean enabled) {

    /** The answers to an accepted trigger: never a 2xx, so the caller pays nothing (domain §1.3). */
    public static final Set<Integer> REJECT_CODES = Set.of(480, 486, 603);
    /** The answers to a caller accounts refused. */
    public static final Set<Integer> UNAUTHORIZED_CODES = Set.of(403, 603);

    public CallbackServiceSettings {
        name = name == null ? null : name.strip();
        if (name == null || name.isEmpty() || name.length() > 200) {
            throw Failure.invalidField("name", "is required, 1 to 200 characters");
        }
        if (templateId == null) {
            throw Failure.invalidField("templateId", "is required");
        }
        if (language != null && !TemplateSettings.LANGUAGE.matcher(language).matches()) {
            throw Failure.invalidField("language", "must be a language tag such as es or en-US, got '" + language + "'");
        }
        if (ctdMode == CtdMode.FLOW && flowRateTableId == null) {
            throw Failure.invalidField("flowRateTableId", "is required when ctdMode is FLOW");
        }
        Objects.requireNonNull(callerPolicy, "callerPolicy");
        Objects.requireNonNull(minimumBalance, "minimumBalance");
        range("callbackDelaySeconds", callbackDelaySeconds, 0, 300);
        range("attempts", attempts, 1, 10);
        range("retryIntervalSeconds", retryIntervalSeconds, 0, 3600);
        range("ringTimeoutSeconds", ringTimeoutSeconds, 5, 180);
        range("maxConcurrentCallbacks", maxConcurrentCallbacks, 0, 100_000);
        if (!REJECT_CODES.contains(rejectCode)) {
            throw Failure.invalidField("rejectCode", "must be 480, 486 or 603 (a trigger is never answered), got "
                    + rejectCode);
        }
        if (!UNAUTHORIZED_CODES.contains(unauthorizedCode)) {
            throw Failure.invalidField("unauthorizedCode", "must be 403 or 603, got " + unauthorizedCode);
        }
    }

    /** Refuses a value outside {@code min..max} naming the field (shared by the configuration settings). */
    static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw Failure.invalidField(field, "must be between " + min + " and " + max + ", got " + value);
        }
    }
}
