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
}
