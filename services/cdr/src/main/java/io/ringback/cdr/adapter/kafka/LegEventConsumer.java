package io.ringback.cdr.adapter.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringback.cdr.adapter.persistence.LegEventRepository;
import io.ringback.cdr.app.CdrAssembly;
import io.ringback.cdr.config.CdrConfig;
import io.ringback.proto.events.v1.LegEvent;
import io.ringback.proto.events.v1.SessionEnded;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Consumes {@code call.legs}: leg events and SessionEnded markers (told apart by the CloudEvents
 * {@code ce_type} header; a record without one is a LegEvent). Each is stored once by its event
 * id, so a redelivery after a restart or a duplicate from the producer changes nothing; the offset
 * is committed only after the store. After every store the session is assembled
 * ({@link CdrAssembly}): once complete, one CDR per leg is written.
 *
 * <p>Only a record that can never be read (not protobuf, an unknown type or schema version, no
 * ids) goes to {@code call.legs.dlq}, written here explicitly and awaited before the offset moves.
 * Any other failure (the database down, a pool timeout, a deadlock) is retried in place with
 * backoff until it succeeds: a leg event is never dead-lettered because the database was away.
 */
@ApplicationScoped
public class LegEventConsumer {

    private static final Logger LOG = Logger.getLogger(LegEventConsumer.class);
    /** The LegEvent and SessionEnded schema versions this consumer understands. */
    static final int SCHEMA_VERSION = 1;
    static final String LEG_EVENT_TYPE = "ringback.events.v1.LegEvent";
    static final String SESSION_ENDED_TYPE = "ringback.events.v1.SessionEnded";
    /** The header of a dead-lettered record that says why it cannot be read. */
    static final String REASON_HEADER = "dead-letter-reason";

    private final LegEventRepository repository;
    private final CdrAssembly assembly;
    private final MutinyEmitter<byte[]> deadLetters;
    private final CdrConfig config;
    private final Clock clock;
    private final Counter retries;

    public LegEventConsumer(LegEventRepository repository, CdrAssembly assembly, @Channel("call-legs-dlq") MutinyEmitter<byte[]> deadLetters,
                            CdrConfig config, Clock clock, MeterRegistry registry) {
        this.repository = repository;
        this.assembly = assembly;
        this.deadLetters = deadLetters;
        this.config = config;
        this.clock = clock;
        this.retries = Counter.builder("ringback.cdr.call.legs.retries")
                .description("call.legs records whose store failed and was retried (database unavailable)")
                .register(registry);
    }

    @Incoming("call-legs")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        Object event;
        try {
            event = read(record);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            LOG.warnf("call.legs record (key %s, offset %d) cannot be read, dead-lettered: %s", record.key(),
                    record.offset(), e.getMessage());
            deadLetters.sendMessageAndAwait(KafkaRecord.of(record.key(), record.value())
                    .withHeader(REASON_HEADER, String.valueOf(e.getMessage())));
            return;
        }
        Duration backoff = config.retryInitialBackoff();
        while (true) {
            try {
                store(event);
                return;
            } catch (SQLException | RuntimeException e) {
                retries.increment();
                LOG.warnf("call.legs record (key %s, offset %d) not stored, retrying in %s: %s", record.key(),
                        record.offset(), backoff, e.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(config.retryMaxBackoff()) > 0 ? config.retryMaxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void store(Object event) throws SQLException {
        boolean stored = event instanceof LegEvent leg ? repository.storeOnce(leg, clock.instant())
                : repository.storeOnce((SessionEnded) event, clock.instant());
        if (!stored) {
            LOG.debugf("call.legs event already stored: %s", event.getClass().getSimpleName());
        }
        // Also after a redelivery: the store may have committed before a crash cut the assembly short.
        assembly.assemble(event instanceof LegEvent leg ? leg.getSessionId() : ((SessionEnded) event).getSessionId());
    }

    /** The event the record carries, validated; refused when it can never be read. */
    static Object read(ConsumerRecord<String, byte[]> record) throws InvalidProtocolBufferException {
        Header type = record.headers().lastHeader("ce_type");
        String typeName = type == null ? LEG_EVENT_TYPE : new String(type.value(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            throw new IllegalArgumentException("call.legs record without a value");
        }
        switch (typeName) {
            case LEG_EVENT_TYPE -> {
                LegEvent event = LegEvent.parseFrom(record.value());
                validate(event.getEventId(), event.getSchemaVersion(), event.getSessionId());
                if (event.getLegId().isEmpty() || !event.hasOccurredAt()) {
                    throw new IllegalArgumentException("leg event " + event.getEventId()
                            + " lacks its leg id or occurred-at time");
                }
                return event;
            }
            case SESSION_ENDED_TYPE -> {
                SessionEnded marker = SessionEnded.parseFrom(record.value());
                validate(marker.getEventId(), marker.getSchemaVersion(), marker.getSessionId());
                if (!marker.hasOccurredAt()) {
                    throw new IllegalArgumentException("session marker " + marker.getEventId()
                            + " lacks its occurred-at time");
                }
                return marker;
            }
            default -> throw new IllegalArgumentException("call.legs carries no events of type '" + typeName + "'");
        }
    }

    private static void validate(String eventId, int schemaVersion, String sessionId) {
        try {
            UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event id is not a UUID: '" + eventId + "'", e);
        }
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("event " + eventId + " has schema version " + schemaVersion
                    + "; this consumer reads version " + SCHEMA_VERSION);
        }
        if (sessionId.isEmpty()) {
            throw new IllegalArgumentException("event " + eventId + " lacks its session id");
        }
    }
}
