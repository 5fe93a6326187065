package io.ringback.signaling.core.callback;

import java.time.Duration;
import java.util.Objects;

/**
 * What the callback service says about the call flow.
 *
 * @param attempts           leg A attempts (at least 1)
 * @param retryInterval      the wait between two leg A attempts
 * @param ringTimeout        how long a leg may ring before it is cancelled
 * @param maxDurationWarning how long before the quoted maximum the warning tone plays
 * @param redialAllowed      whether the user may enter another destination after leg B ends
 * @param pinLogin           phone-card service: the caller logs in with card number and PIN
 */
public record ServiceSettings(int attempts, Duration retryInterval, Duration ringTimeout,
                              Duration maxDurationWarning, boolean redialAllowed, boolean pinLogin) {
    public ServiceSettings {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        Objects.requireNonNull(retryInterval, "retryInterval");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(maxDurationWarning, "maxDurationWarning");
    }
}
