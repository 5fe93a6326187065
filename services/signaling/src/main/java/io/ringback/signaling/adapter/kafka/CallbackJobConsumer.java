package io.ringback.signaling.adapter.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.CallbackRequested;
import io.ringback.signaling.core.job.JobClaims;
import io.ringback.signaling.core.job.JobWorker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One instance's member of the consumer group on {@code callback.jobs}: the group shares the jobs by
 * partition (key = caller number). Each {@code CallbackRequested} is looked up in the job store and,
 * while the job is open, handed to the {@link JobWorker} with its not-before and expiry; a closed or
 * unknown job (a redelivery after it ran) is skipped. Offsets are committed after a batch is handed
 * over; a record handed but not committed before a crash is handed again, and the claim makes that
 * harmless. A record that cannot be read is logged and skipped: the job row is the truth, and the
 * sweep starts the job anyway.
 */
public final class CallbackJobConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CallbackJobConsumer.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final JobClaims claims;
    private final JobWorker worker;
    private final Thread thread;
    private volatile boolean running = true;

    public CallbackJobConsumer(String bootstrapServers, String groupId, JobClaims claims, JobWorker worker) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, "signaling-jobs-" + worker.instance(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.claims = claims;
        this.worker = worker;
        this.thread = new Thread(this::poll, "callback-jobs-" + worker.instance());
        this.thread.setDaemon(true);
    }

    public void start() {
        consumer.subscribe(List.of(EventTopics.CALLBACK_JOBS));
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    hand(record);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void hand(ConsumerRecord<String, byte[]> record) {
        UUID sessionId;
        try {
            sessionId = UUID.fromString(CallbackRequested.parseFrom(record.value()).getSessionId());
        } catch (InvalidProtocolBufferException | IllegalArgumentException | NullPointerException e) {
            LOG.warnf("callback.jobs record (key %s, offset %d) cannot be read, skipped: %s", record.key(),
                    record.offset(), e.getMessage());
            return;
        }
        // Back off while the store is away: the record is not committed until it is handed.
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try {
                claims.open(sessionId).ifPresentOrElse(worker::offer,
                        () -> LOG.debugf("callback job %s is closed or unknown, skipped", sessionId));
                return;
            } catch (RuntimeException e) {
                LOG.warnf("callback job %s not handed to the worker, retrying in %s: %s", sessionId, backoff,
                        e.getMessage());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** Leaves the group: its partitions move to the other instances. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
