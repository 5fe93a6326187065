package io.ringback.signaling.core.trigger;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * What the trigger needs of a callback service.
 *
 * @param id                     the service id
 * @param enabled                a disabled service makes its DIDs unknown (404)
 * @param templateId             the IVR template of the callback
 * @param language               the language the IVR starts in, set on the callback service
 * @param ctdMode                {@code STANDARD} or {@code FLOW}; null = the account's default
 * @param pinCallersAllowed      unregistered callers may log in with a phone card or PIN in the IVR
 * @param minimumBalance         the funds every chain level must have above, in its own currency
 * @param callbackDelay          how long after the trigger the user is called back
 * @param maxConcurrentCallbacks per account; 0 = no limit
 * @param rejectCode             the answer to an accepted trigger: 480, 486 or 603
 * @param unauthorizedCode       the answer to a refused caller: 403 or 603
 */
public record TriggerService(String id, boolean enabled, String templateId, String language, String ctdMode,
                             boolean pinCallersAllowed, BigDecimal minimumBalance, Duration callbackDelay,
                             int maxConcurrentCallbacks, int rejectCode, int unauthorizedCode) {
}
