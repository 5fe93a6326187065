package io.ringback.cdr.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Configuration of the CDR service, keys under {@code ringback.cdr}. */
@ConfigMapping(prefix = "ringback.cdr")
public interface CdrConfig {

    /**
     * {@code ringback.cdr.rating-check-timeout}: how long the readiness check waits for the rating
     * service's gRPC health answer before it reports rating unreachable (ISO-8601 duration).
     * Default {@code PT2S}.
     */
    @WithDefault("PT2S")
    Duration ratingCheckTimeout();

    /**
     * {@code ringback.cdr.retry-initial-backoff}: the first wait before a {@code call.legs} record
     * whose store failed (database unavailable) is stored again; doubled on every failure
     * (ISO-8601 duration). Default {@code PT0.1S}.
     */
    @WithDefault("PT0.1S")
    Duration retryInitialBackoff();

    /**
     * {@code ringback.cdr.retry-max-backoff}: the longest wait between two attempts to store a
     * {@code call.legs} record (ISO-8601 duration). Default {@code PT5S}.
     */
    @WithDefault("PT5S")
    Duration retryMaxBackoff();

    /**
     * {@code ringback.cdr.recheck-interval}: how often open sessions whose completion moment has
     * passed (a leg that never reported its end, a lost SessionEnded marker) are assembled without
     * waiting for another event of theirs (a duration such as {@code 5s}). Default {@code 5s}.
     */
    @WithDefault("5s")
    Duration recheckInterval();

    /**
     * {@code ringback.cdr.recheck-batch-size}: the most due sessions one recheck pass assembles.
     * Default {@code 500}.
     */
    @WithDefault("500")
    int recheckBatchSize();

    /** Rating of assembled sessions: keys {@code ringback.cdr.rating.*}. */
    Rating rating();

    interface Rating {

        /**
         * {@code ringback.cdr.rating.poll-interval}: how often sessions due for rating (just assembled, or
         * unrated and due again) are rated (a duration such as {@code 200ms}). Default {@code 200ms}.
         */
        @WithDefault("200ms")
        Duration pollInterval();

        /** {@code ringback.cdr.rating.batch-size}: the most due sessions one pass takes at a time. Default {@code 200}. */
        @WithDefault("200")
        int batchSize();

        /** {@code ringback.cdr.rating.timeout}: how long a RateLegs call may take. Default {@code PT2S}. */
        @WithDefault("PT2S")
        Duration timeout();

        /**
         * {@code ringback.cdr.rating.retry-initial}: how long after a failed rating (no rate, rating or
         * accounts unavailable) its session is rated again; doubled on every further failure.
         * Default {@code PT30S}.
         */
        @WithDefault("PT30S")
        Duration retryInitial();

        /** {@code ringback.cdr.rating.retry-max}: the longest wait between two ratings of an unrated session. Default {@code PT10M}. */
        @WithDefault("PT10M")
        Duration retryMax();
    }

    /** How long the assembly waits for what signaling may never report. */
    Limits limits();

    interface Limits {

        /**
         * {@code ringback.cdr.limits.grace}: added to the latest moment a leg could have lasted to
         * before it is closed by the CDR service (lets late events arrive). Default {@code PT1M}.
         */
        @WithDefault("PT1M")
        Duration grace();

        /**
         * {@code ringback.cdr.limits.max-leg-duration}: the longest an answered leg B without a quoted
         * maximum can last. Default {@code PT3H}.
         */
        @WithDefault("PT3H")
        Duration maxLegDuration();

        /**
         * {@code ringback.cdr.limits.ivr-limit}: the longest leg A stays up beyond its last leg B (IVR,
         * re-dial) or, with no leg B, after its answer. Default {@code PT10M}.
         */
        @WithDefault("PT10M")
        Duration ivrLimit();

        /**
         * {@code ringback.cdr.limits.ring-limit}: the longest an unanswered leg can ring before it must
         * have failed. Default {@code PT5M}.
         */
        @WithDefault("PT5M")
        Duration ringLimit();

        /**
         * {@code ringback.cdr.limits.marker-wait}: how long after its last leg ended a session is
         * completed without its SessionEnded marker (or after a marker naming legs never seen, without
         * them). Default {@code PT5M}.
         */
        @WithDefault("PT5M")
        Duration markerWait();
    }
}
