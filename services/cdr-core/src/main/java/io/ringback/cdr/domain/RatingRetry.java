package io.ringback.cdr.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When a session whose CDRs could not be rated (no rate, rating or accounts unavailable) is rated
 * again: after {@code initial}, doubled on every failed attempt, at most {@code max} apart. It is
 * retried for ever at that pace; it is never dropped.
 */
public record RatingRetry(Duration initial, Duration max) {

    public RatingRetry {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("rating retry needs 0 < initial (" + initial + ") <= max (" + max + ")");
        }
    }

    /** The moment of the next attempt after {@code failedAttempts} failures (1 = the first failed). */
    public Instant next(Instant now, int failedAttempts) {
        Duration wait = initial;
        for (int i = 1; i < failedAttempts && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return now.plus(wait.compareTo(max) > 0 ? max : wait);
    }
}
