package io.ringback.signaling.adapter.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.ringback.service.outbox.OutboxRelay;
import io.ringback.service.outbox.OutboxRepository;
import io.ringback.signaling.config.SignalingConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Map;

/**
 * Signaling's transactional outbox: the shared {@link OutboxRepository} and {@link OutboxRelay}
 * (service-support, decision 0013) named {@code signaling}, run on the
 * {@code ringback.signaling.outbox.*} intervals.
 */
@Singleton
public class SignalingOutbox {

    private static final String SERVICE = "signaling";

    @Inject
    OutboxRelay relay;

    @Produces
    @Singleton
    static OutboxRepository outboxRepository() {
        return new OutboxRepository(SERVICE);
    }

    @Produces
    @Singleton
    static OutboxRelay outboxRelay(DataSource dataSource, OutboxRepository outbox, SignalingConfig config, Clock clock,
                                   @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        return new OutboxRelay(SERVICE, dataSource, outbox, config.outbox(), clock, kafkaConfig);
    }

    static void closeRelay(@Disposes OutboxRelay produced) {
        produced.close();
    }

    @Scheduled(every = "${ringback.signaling.outbox.poll-interval:200ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relayPending() {
        relay.relayPending();
    }

    @Scheduled(every = "${ringback.signaling.outbox.purge-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgePublished() {
        relay.purgePublished();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        relay.stop();
    }
}
