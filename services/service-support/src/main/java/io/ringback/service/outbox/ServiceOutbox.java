package io.ringback.service.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
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
 * A service's transactional outbox as beans: the {@link OutboxRepository} its repositories append
 * to, and the {@link OutboxRelay} run on the {@code ringback.outbox.*} intervals ({@link OutboxConfig}).
 * Present only in a service built with {@code ringback.outbox.enabled=true}, which names itself in
 * {@code ringback.outbox.service} (the CloudEvents source {@code ringback/<service>} and the relay's
 * lock) and brings the Kafka client, a datasource and the scheduler.
 */
@Singleton
@IfBuildProperty(name = "ringback.outbox.enabled", stringValue = "true")
public class ServiceOutbox {

    @Inject
    OutboxRelay relay;

    @Produces
    @Singleton
    static OutboxRepository outboxRepository(OutboxConfig config) {
        return new OutboxRepository(service(config));
    }

    @Produces
    @Singleton
    static OutboxRelay outboxRelay(DataSource dataSource, OutboxRepository outbox, OutboxConfig config, Clock clock,
                                   @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        return new OutboxRelay(service(config), dataSource, outbox, config, clock, kafkaConfig);
    }

    private static String service(OutboxConfig config) {
        return config.service().orElseThrow(() -> new IllegalStateException(
                "ringback.outbox.service must name the service whose outbox is enabled"));
    }

    static void closeRelay(@Disposes OutboxRelay produced) {
        produced.close();
    }

    @Scheduled(every = "${ringback.outbox.poll-interval:200ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relayPending() {
        relay.relayPending();
    }

    @Scheduled(every = "${ringback.outbox.purge-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgePublished() {
        relay.purgePublished();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        relay.stop();
    }
}
