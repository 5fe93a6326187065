package io.ringback.service.outbox;

import io.ringback.proto.events.EventTopics;
import io.ringback.service.outbox.OutboxRepository.PendingEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the outbox to Kafka, oldest first, as CloudEvents in binary content mode. A row is
 * marked published only after the broker acknowledged it; if the service stops in between, the
 * event is sent again on the next start (at-least-once; consumers drop duplicates by event id).
 *
 * <p>Only one replica relays at a time (an advisory lock held for the pass's transaction), so the
 * events of one key reach Kafka in the order they were written. Published rows are deleted after
 * the {@code retention} of {@link OutboxConfig}.
 *
 * <p>Plain Java, the one shared copy (decision 0013); {@link ServiceOutbox} makes it a bean, calls
 * {@link #relayPending()} and {@link #purgePublished()} on the configured intervals, {@link #stop()}
 * on shutdown and {@link #close()} when disposed.
 */
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final String source;
    private final DataSource dataSource;
    private final OutboxRepository outbox;
    private final OutboxConfig config;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;

    /**
     * @param service     the service's name: the CloudEvents source is {@code ringback/<service>} and the
     *                    producer's client id {@code ringback-<service>-outbox}
     * @param kafkaConfig the service's Kafka client settings (its {@code default-kafka-broker} map)
     */
    public OutboxRelay(String service, DataSource dataSource, OutboxRepository outbox, OutboxConfig config,
                       Clock clock, Map<String, Object> kafkaConfig) {
        this.source = "ringback/" + service;
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        // TLS and SASL as every other Kafka client of the service has them (kafka.security.protocol, ...).
        kafkaConfig.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                producerConfig.put(key, value);
            }
        });
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "ringback-" + service + "-outbox");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    }

    /** Set when the service stops: no pass starts, and one cut off by the stop is not an error. */
    private volatile boolean stopping;

    public void stop() {
        stopping = true;
    }

    /** One relay pass: publishes batches until one is not full; a failure leaves the events pending. */
    public void relayPending() {
        try {
            while (!stopping && relayBatch() == config.batchSize()) {
                LOG.debug("outbox batch full, relaying the next one at once");
            }
        } catch (SQLException | RuntimeException e) {
            if (stopping) {
                LOG.debugf("outbox relay pass cut off by the shutdown (rolled back, still pending): %s", e.getMessage());
                return;
            }
            LOG.warnf(e, "outbox relay pass failed; the events stay pending and are retried");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes one batch in one database transaction; answers how many events it published. */
    public int relayBatch() throws SQLException, InterruptedException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!outbox.tryLead(connection)) {
                    connection.rollback();
                    return 0;
                }
                List<PendingEvent> pending = outbox.lockPending(connection, config.batchSize());
                List<Future<RecordMetadata>> sent = new ArrayList<>(pending.size());
                for (PendingEvent event : pending) {
                    sent.add(producer.send(toRecord(event)));
                }
                producer.flush();
                long timeoutMs = config.sendTimeout().toMillis();
                for (Future<RecordMetadata> ack : sent) {
                    ack.get(timeoutMs, TimeUnit.MILLISECONDS);
                }
                outbox.markPublished(connection, pending, clock.instant());
                connection.commit();
                return pending.size();
            } catch (ExecutionException | TimeoutException e) {
                connection.rollback();
                throw new IllegalStateException("the broker did not acknowledge an outbox batch", e);
            } catch (SQLException | InterruptedException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Deletes published events older than the retention period, so the table stays small. */
    public void purgePublished() {
        if (stopping) {
            return;
        }
        try {
            int purged = purgeOlderThanRetention();
            if (purged > 0) {
                LOG.debugf("purged %d published outbox events", purged);
            }
        } catch (SQLException | RuntimeException e) {
            if (stopping) {
                LOG.debugf("outbox purge cut off by the shutdown: %s", e.getMessage());
                return;
            }
            LOG.warnf(e, "outbox purge failed; it is retried on the next pass");
        }
    }

    /** One purge pass; answers how many events it deleted. */
    public int purgeOlderThanRetention() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return outbox.purgePublished(connection, clock.instant().minus(config.retention()));
        }
    }

    private ProducerRecord<String, byte[]> toRecord(PendingEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
        header(record, EventTopics.HEADER_SPEC_VERSION, EventTopics.SPEC_VERSION);
        header(record, EventTopics.HEADER_ID, event.eventId().toString());
        header(record, EventTopics.HEADER_SOURCE, source);
        header(record, EventTopics.HEADER_TYPE, event.type());
        header(record, EventTopics.HEADER_TIME, event.occurredAt().toString());
        header(record, EventTopics.HEADER_CONTENT_TYPE, EventTopics.CONTENT_TYPE);
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Closes the producer, waiting up to 5 s for records in flight. */
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
