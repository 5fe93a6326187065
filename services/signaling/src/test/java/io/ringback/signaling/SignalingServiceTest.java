package io.ringback.signaling;

import com.google.protobuf.Timestamp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.CallbackRequested;
import io.ringback.service.outbox.OutboxRepository;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceEndpoints;
import io.ringback.testing.TopicReader;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class SignalingServiceTest {

    @Inject
    DataSource dataSource;

    @Inject
    OutboxRepository outbox;

    @Test
    void bootsHealthyWithItsDocumentedEndpoints() {
        ServiceEndpoints.assertHealthy("Database connections health check");
        ServiceEndpoints.assertOpenApi("Ringback signaling API");
        ServiceEndpoints.assertPrometheusMetrics();
    }

    @Test
    void migratesItsOwnSchemaOnRealPostgres() {
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), ServiceEndpoints.appliedMigrations(dataSource, "signaling"));
        ServiceEndpoints.assertCurrentSchema(dataSource, "signaling");
    }

    @Test
    void publishesAnOutboxEventToKafkaAsACloudEventAndMarksItPublished() throws Exception {
        UUID eventId = UUID.randomUUID();
        Instant occurredAt = Instant.parse("2026-11-26T10:15:30.125Z");
        String caller = "5255" + (10_000_000 + (int) (Math.random() * 89_999_999));
        CallbackRequested requested = CallbackRequested.newBuilder()
                .setEventId(eventId.toString())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(occurredAt.getEpochSecond())
                        .setNanos(occurredAt.getNano()))
                .setSchemaVersion(1)
                .setSessionId("session-" + eventId)
                .setCallerNumber(caller)
                .setDid("525580001000")
                .setLanguage("es")
                .setCtdMode(CtdMode.CTD_MODE_STANDARD)
                .build();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            outbox.append(connection, EventTopics.CALLBACK_JOBS, caller, eventId, occurredAt, requested);
            connection.commit();
        }

        List<ConsumerRecord<String, byte[]>> records = TopicReader.recordsWithKey(EventTopics.CALLBACK_JOBS, caller);
        assertEquals(1, records.size(), "the event is published once");
        ConsumerRecord<String, byte[]> record = records.get(0);

        assertEquals(requested, CallbackRequested.parseFrom(record.value()));
        assertEquals(eventId.toString(), header(record, "ce_id"));
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals("ringback.events.v1.CallbackRequested", header(record, "ce_type"));
        assertEquals("ringback/signaling", header(record, "ce_source"));
        assertEquals("2026-11-26T10:15:30.125Z", header(record, "ce_time"));
        assertEquals("application/protobuf", header(record, "content-type"));
        await().atMost(Duration.ofSeconds(10)).until(() -> published(eventId));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private boolean published(UUID eventId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT published_at IS NOT NULL FROM outbox_event WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }
}
