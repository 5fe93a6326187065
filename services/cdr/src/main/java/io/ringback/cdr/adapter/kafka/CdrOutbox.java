package io.ringback.cdr.adapter.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.ringback.cdr.config.CdrConfig;
import io.ringback.service.outbox.OutboxRelay;
import io.ringback.service.outbox.OutboxRepository;
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
 * The CDR service's transactional outbox, which carries rated CDRs to {@code cdr.rated}: the
 * shared {@link OutboxRepository} and {@link OutboxRelay} (service-support, decision 0013) named
 * {@code cdr}, run on the {@code ringback.cdr.outbox.*} intervals.
 */
@Singleton
public class CdrOutbox {

    private static final String SERVICE = "cdr";

    @Inject
    OutboxRelay relay;

    @Produces
    @Singleton
    static OutboxRepository outboxRepository() {
        return new OutboxRepository(SERVICE);
    }

    @Produces
    @Singleton
    static OutboxRelay outboxRelay(DataSource dataSource, OutboxRepository outbox, CdrConfig config, Clock clock,
                                   @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        return new OutboxRelay(SERVICE, dataSource, outbox, config.outbox(), clock, kafkaConfig);
    }

    static void closeRelay(@Disposes OutboxRelay produced) {
        produced.close();
    }

    @Scheduled(every = "${ringback.cdr.outbox.poll-interval:200ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relayPending() {
        relay.relayPending();
    }

    @Scheduled(every = "${ringback.cdr.outbox.purge-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgePublished() {
        relay.purgePublished();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        relay.stop();
    }
}
