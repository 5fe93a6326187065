package io.ringback.cdr;

import com.google.protobuf.Timestamp;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.LegEvent;
import io.ringback.proto.events.v1.LegState;
import io.ringback.testing.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** Records of call.legs as signaling writes them, for the CDR service's tests. */
final class CallLegs {

    private static KafkaProducer<String, byte[]> producer;

    private CallLegs() {
    }

    /** Writes the record to the test broker as signaling would (acks=all), once it is acknowledged. */
    static synchronized void send(ProducerRecord<String, byte[]> record) throws InterruptedException, ExecutionException {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
            KafkaProducer<String, byte[]> created = producer;
            Runtime.getRuntime().addShutdownHook(new Thread(created::close));
        }
        producer.send(record).get();
    }

    static Timestamp ts(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000).build();
    }

    /**
     * A LegEvent record of the account's session: leg A calls 525512345678 back, leg B calls
     * 447700900123; {@code fields} sets the rest.
     */
    static ProducerRecord<String, byte[]> leg(String accountId, String sessionId, String legId, LegRole role,
                                              LegState state, long sequence, long sessionSequence, long atMillis,
                                              Consumer<LegEvent.Builder> fields) {
        LegEvent.Builder event = LegEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(ts(atMillis)).setSchemaVersion(1).setSessionId(sessionId).setLegId(legId)
                .setRole(role).setState(state).setSequence(sequence).setSessionSequence(sessionSequence)
                .setAccountId(accountId).setCallerNumber("525500000001")
                .setCalledNumber(role == LegRole.LEG_ROLE_A ? "525512345678" : "447700900123")
                .setOriginatedAt(ts(role == LegRole.LEG_ROLE_A ? 1_764_151_200_000L : 1_764_151_220_000L));
        fields.accept(event);
        return typed(sessionId, "ringback.events.v1.LegEvent", event.build().toByteArray());
    }

    static ProducerRecord<String, byte[]> typed(String key, String type, byte[] payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventTopics.CALL_LEGS, key, payload);
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
