package io.ringback.signaling.core.trigger;

import java.time.Duration;

/**
 * The platform-wide trigger settings.
 *
 * @param perCallerPerMinute  triggers one caller may send in a minute; 0 = no limit
 * @param perSourcePerSecond  triggers one source address may send in a second; 0 = no limit
 * @param callerLimitCode     the answer over the caller limit
 * @param sourceLimitCode     the answer over the source limit (503: RFC 3261 §21.5.4, with Retry-After)
 * @param accountLimitCode    the answer when the account has its maximum of concurrent callbacks
 * @param jobTtl              how long after its not-before time a job may still start; later it is dropped
 */
public record TriggerLimits(int perCallerPerMinute, int perSourcePerSecond, int callerLimitCode,
                            int sourceLimitCode, int accountLimitCode, Duration jobTtl) {
}
