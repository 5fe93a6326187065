package io.ringback.service.outbox;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The outbox relay's settings, a group of the service's own configuration mapping: the keys are
 * {@code <service prefix>.outbox.*} (for example {@code ringback.signaling.outbox.batch-size}).
 */
public interface OutboxConfig {

    /**
     * {@code poll-interval}: how often the relay looks for unpublished events (a duration such as
     * {@code 200ms} or {@code PT0.2S}). It bounds the delay between a state change and its event on
     * Kafka. Default {@code 200ms}. The service's {@code @Scheduled} pass reads the same key.
     */
    @WithDefault("200ms")
    Duration pollInterval();

    /** {@code batch-size}: the most events published in one pass. Default {@code 500}. */
    @WithDefault("500")
    int batchSize();

    /**
     * {@code send-timeout}: how long the relay waits for the broker to acknowledge a batch before it
     * leaves the rows for the next pass. Default {@code PT10S}.
     */
    @WithDefault("PT10S")
    Duration sendTimeout();

    /**
     * {@code retention}: how long a published event stays in the table (for tracing) before the
     * purge deletes it. Default {@code PT24H}.
     */
    @WithDefault("PT24H")
    Duration retention();

    /** {@code purge-interval}: how often published events past the retention are deleted. Default {@code 1m}. */
    @WithDefault("1m")
    Duration purgeInterval();
}
