package io.ringback.cdr.adapter.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ringback.cdr.adapter.persistence.LegEventRepository;
import io.ringback.proto.events.v1.LegEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;

/**
 * Consumes {@code call.legs}. Each event is stored once by its id, so a redelivery after a restart
 * or a duplicate from the producer changes nothing; the offset is committed only after the store.
 */
@ApplicationScoped
public class LegEventConsumer {

    private static final Logger LOG = Logger.getLogger(LegEventConsumer.class);
    /** The LegEvent schema versions this consumer understands. */
    static final int SCHEMA_VERSION = 1;

    private final LegEventRepository repository;
    private final Clock clock;

    public LegEventConsumer(LegEventRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Incoming("call-legs")
    @Blocking(ordered = true)
    public void consume(byte[] payload) throws InvalidProtocolBufferException, SQLException {
        LegEvent event = LegEvent.parseFrom(payload);
        validate(event);
        if (!repository.storeOnce(event, clock.instant())) {
            LOG.debugf("leg event %s of session %s already stored", event.getEventId(), event.getSessionId());
        }
    }

    /** An event the CDR cannot be built from goes to the dead-letter topic rather than into the table. */
    private static void validate(LegEvent event) {
        try {
            UUID.fromString(event.getEventId());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("leg event id is not a UUID: '" + event.getEventId() + "'", e);
        }
        if (event.getSchemaVersion() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("leg event " + event.getEventId() + " has schema version "
                    + event.getSchemaVersion() + "; this consumer reads version " + SCHEMA_VERSION);
        }
        if (event.getSessionId().isEmpty() || event.getLegId().isEmpty() || !event.hasOccurredAt()) {
            throw new IllegalArgumentException("leg event " + event.getEventId()
                    + " lacks its session id, leg id or occurred-at time");
        }
    }
}
