package io.ringback.cdr;

import com.google.protobuf.Timestamp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.LegEvent;
import io.ringback.proto.events.v1.LegState;
import io.ringback.testing.KafkaBroker;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceEndpoints;
import io.ringback.testing.TopicReader;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class CdrServiceTest {

    private static KafkaProducer<String, byte[]> producer;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void connectProducer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void servesItsDocumentedEndpoints() {
        ServiceEndpoints.assertLive();
        ServiceEndpoints.assertOpenApi("Ringback cdr API");
        ServiceEndpoints.assertPrometheusMetrics();
    }

    @Test
    void isNotReadyWhileTheRatingServiceDoesNotAnswerOverGrpc() {
        RestAssured.given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'rating' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'rating' }.data.grpc", equalTo("UNAVAILABLE"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void migratesItsOwnSchemaOnRealPostgres() {
        assertEquals(List.of("1"), ServiceEndpoints.appliedMigrations(dataSource, "cdr"));
        ServiceEndpoints.assertCurrentSchema(dataSource, "cdr");
    }

    @Test
    void storesALegEventFromKafkaExactlyOnceHoweverOftenItIsDelivered() throws Exception {
        String sessionId = "session-" + UUID.randomUUID();
        LegEvent answered = LegEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_764_115_200L).setNanos(250_000_000))
                .setSchemaVersion(1)
                .setSessionId(sessionId)
                .setLegId("A")
                .setRole(LegRole.LEG_ROLE_A)
                .setState(LegState.LEG_STATE_ANSWERED)
                .setCalledNumber("525512345678")
                .setSequence(3)
                .build();
        for (int delivery = 0; delivery < 3; delivery++) {
            producer.send(new ProducerRecord<>(EventTopics.CALL_LEGS, sessionId, answered.toByteArray())).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(sessionId).size() == 1);
        // Give the duplicates time to be consumed too, then check they changed nothing.
        LegEvent marker = answered.toBuilder().setEventId(UUID.randomUUID().toString()).setSequence(4)
                .setState(LegState.LEG_STATE_ENDED).build();
        producer.send(new ProducerRecord<>(EventTopics.CALL_LEGS, sessionId, marker.toByteArray())).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(sessionId).size() == 2);

        List<String[]> rows = rowsOf(sessionId);
        assertArrayEquals(new String[] {answered.getEventId(), "A", "LEG_STATE_ANSWERED", "3",
                "2025-11-26 00:00:00.25+00"}, rows.get(0));
        assertArrayEquals(new String[] {marker.getEventId(), "A", "LEG_STATE_ENDED", "4",
                "2025-11-26 00:00:00.25+00"}, rows.get(1));
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicInsteadOfDroppingIt() throws Exception {
        String key = "garbage-" + UUID.randomUUID();
        byte[] garbage = "not a protobuf LegEvent".getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(EventTopics.CALL_LEGS, key, garbage)).get();

        assertArrayEquals(garbage, deadLetterWithKey(key).value());
        assertEquals(0, rowsOf(key).size());
    }

    @Test
    void sendsALegEventOfAnUnknownSchemaVersionToTheDeadLetterTopic() throws Exception {
        String sessionId = "future-" + UUID.randomUUID();
        LegEvent future = LegEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_764_115_200L))
                .setSchemaVersion(2)
                .setSessionId(sessionId)
                .setLegId("B")
                .setState(LegState.LEG_STATE_RINGING)
                .build();
        producer.send(new ProducerRecord<>(EventTopics.CALL_LEGS, sessionId, future.toByteArray())).get();

        assertEquals(future, LegEvent.parseFrom(deadLetterWithKey(sessionId).value()));
        assertEquals(0, rowsOf(sessionId).size());
    }

    private static ConsumerRecord<String, byte[]> deadLetterWithKey(String key) {
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.recordsWithKey("call.legs.dlq", key);
        assertEquals(1, dead.size(), "the record is dead-lettered once");
        return dead.get(0);
    }

    private List<String[]> rowsOf(String sessionId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT event_id, leg_id, state, sequence, occurred_at AT TIME ZONE 'UTC' FROM leg_event"
                             + " WHERE session_id = ? ORDER BY sequence")) {
            query.setString(1, sessionId);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new String[] {result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), result.getString(5) + "+00"});
                }
            }
            return rows;
        }
    }
}
