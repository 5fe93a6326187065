package io.ringback.service.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The outbox relay's settings, the keys {@code ringback.outbox.*} of the service that relays one
 * (for example {@code ringback.outbox.batch-size}, env {@code RINGBACK_OUTBOX_BATCH_SIZE}).
 */
@ConfigMapping(prefix = "ringback.outbox")
public interface OutboxConfig {

    /**
     * {@code enabled}: whether the service has an outbox ({@link ServiceOutbox}'s beans); read at build
     * time. Default {@code false}.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * {@code service}: the service's name in its events' CloudEvents source ({@code ringback/<service>})
     * and in the relay's lock; required where {@code enabled} is true.
     */
    Optional<String> service();

    /**
     * {@code poll-interval}: how often the relay looks for unpublished events (a duration such as
     * {@code 200ms} or {@code PT0.2S}). It bounds the delay between a state change and its event on
     * Kafka. Default {@code 200ms}. {@link ServiceOutbox}'s pass reads the same key.
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
