package io.ringback.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Configuration of the signaling service, keys under {@code ringback.signaling}. */
@ConfigMapping(prefix = "ringback.signaling")
public interface SignalingConfig {

    /** The relay that publishes the transactional outbox to Kafka. */
    Outbox outbox();

    /** The SIP listeners. */
    Sip sip();

    interface Sip {

        /**
         * {@code ringback.signaling.sip.bind-address}: the local address the UDP and TCP listeners bind,
         * {@code 0.0.0.0} for every IPv4 address. Default {@code 0.0.0.0}.
         */
        @WithDefault("0.0.0.0")
        String bindAddress();

        /**
         * {@code ringback.signaling.sip.port}: the port of both listeners (UDP and TCP). Default {@code 5060}.
         */
        @WithDefault("5060")
        int port();

        /**
         * {@code ringback.signaling.sip.advertised-address}: the host (name or address) written into our
         * Via and Contact headers when it differs from the bind address, e.g. the public address behind
         * NAT or the Kubernetes Service's. Unset: the bind address.
         */
        Optional<String> advertisedAddress();

        /**
         * {@code ringback.signaling.sip.threads}: how many requests the stack hands to the service at once
         * (each waits on accounts and the database). Default {@code 64}.
         */
        @WithDefault("64")
        int threads();
    }

    /** The trigger's in-memory view of DIDs and callback services. */
    Directory directory();

    interface Directory {

        /**
         * {@code ringback.signaling.directory.refresh-interval}: how often each replica checks the
         * configuration revision and reloads its directory when it changed; a change made on any
         * replica reaches every replica within it. Default {@code 250ms}.
         */
        @WithDefault("250ms")
        Duration refreshInterval();
    }

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
