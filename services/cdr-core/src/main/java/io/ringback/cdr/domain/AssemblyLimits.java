package io.ringback.cdr.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the CDR service waits for what signaling may never report.
 *
 * @param grace          added to every limit before a leg is closed (lets late events arrive)
 * @param maxLegDuration the longest a leg B without a quoted maximum can last
 * @param ivrLimit       the longest leg A stays up beyond its last leg B (IVR, re-dial) or, with no
 *                       leg B, after its answer
 * @param ringLimit      the longest an unanswered leg can ring before it must have failed
 * @param markerWait     how long after the last leg ended (or after a marker naming unseen legs)
 *                       the session is completed without its marker (or without those legs)
 */
public record AssemblyLimits(Duration grace, Duration maxLegDuration, Duration ivrLimit, Duration ringLimit,
                             Duration markerWait) {

    public static final AssemblyLimits DEFAULTS = new AssemblyLimits(Duration.ofMinutes(1), Duration.ofHours(3),
            Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(5));

    public AssemblyLimits {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(maxLegDuration, "maxLegDuration");
        Objects.requireNonNull(ivrLimit, "ivrLimit");
        Objects.requireNonNull(ringLimit, "ringLimit");
        Objects.requireNonNull(markerWait, "markerWait");
    }
}
