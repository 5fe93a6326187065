package io.ringback.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Configuration of the signaling service, keys under {@code ringback.signaling}. */
@ConfigMapping(prefix = "ringback.signaling")
public interface SignalingConfig {

    /** The relay that publishes the transactional outbox to Kafka. */
    Outbox outbox();

    interface Outbox {

        /**
         * {@code ringback.signaling.outbox.poll-interval}: how often the relay looks for unpublished
         * events (a duration such as {@code 200ms} or {@code PT0.2S}). It bounds the delay between a
         * trigger and its callback job on Kafka. Default {@code 200ms}.
         */
        @WithDefault("200ms")
        Duration pollInterval();

        /**
         * {@code ringback.signaling.outbox.batch-size}: the most events published in one pass.
         * Default {@code 500}.
         */
        @WithDefault("500")
        int batchSize();

        /**
         * {@code ringback.signaling.outbox.send-timeout}: how long the relay waits for the broker to
         * acknowledge a batch before it leaves the rows for the next pass. Default {@code PT10S}.
         */
        @WithDefault("PT10S")
        Duration sendTimeout();

        /**
         * {@code ringback.signaling.outbox.retention}: how long a published event stays in the table
         * (for tracing) before the purge deletes it. Default {@code PT24H}.
         */
        @WithDefault("PT24H")
        Duration retention();

        /**
         * {@code ringback.signaling.outbox.purge-interval}: how often published events past the
         * retention are deleted. Default {@code 1m}.
         */
        @WithDefault("1m")
        Duration purgeInterval();
    }
}
