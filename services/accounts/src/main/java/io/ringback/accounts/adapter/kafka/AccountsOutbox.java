package io.ringback.accounts.adapter.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.ringback.accounts.config.AccountsConfig;
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
 * Accounts' transactional outbox: the shared {@link OutboxRepository} and {@link OutboxRelay}
 * (service-support, decision 0013) named {@code accounts}, run on the
 * {@code ringback.accounts.outbox.*} intervals. It carries the low-balance notices.
 */
@Singleton
public class AccountsOutbox {

    private static final String SERVICE = "accounts";

    @Inject
    OutboxRelay relay;

    @Produces
    @Singleton
    static OutboxRepository outboxRepository() {
        return new OutboxRepository(SERVICE);
    }

    @Produces
    @Singleton
    static OutboxRelay outboxRelay(DataSource dataSource, OutboxRepository outbox, AccountsConfig config, Clock clock,
                                   @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        return new OutboxRelay(SERVICE, dataSource, outbox, config.outbox(), clock, kafkaConfig);
    }

    static void closeRelay(@Disposes OutboxRelay produced) {
        produced.close();
    }

    @Scheduled(every = "${ringback.accounts.outbox.poll-interval:200ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relayPending() {
        relay.relayPending();
    }

    @Scheduled(every = "${ringback.accounts.outbox.purge-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgePublished() {
        relay.purgePublished();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        relay.stop();
    }
}
