package io.ringback.cdr;

import com.google.protobuf.Timestamp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.LegEvent;
import io.ringback.proto.events.v1.LegState;
import io.ringback.proto.events.v1.SessionEnded;
import io.ringback.proto.events.v1.HangupParty;
import io.ringback.cdr.domain.LegCdr;
import io.ringback.proto.events.v1.SessionOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import java.sql.Statement;
import java.sql.DriverManager;
import org.eclipse.microprofile.config.ConfigProvider;
import java.util.HashSet;
import java.util.Set;
import io.ringback.testing.KafkaBroker;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceEndpoints;
import io.ringback.testing.SteppableClock;
import io.ringback.cdr.app.SessionRecheckJob;
import io.ringback.testing.TopicReader;
import static io.ringback.cdr.CallLegs.leg;
import static io.ringback.cdr.CallLegs.send;
import static io.ringback.cdr.CallLegs.ts;
import static io.ringback.cdr.CallLegs.typed;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class CdrServiceTest {


    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry meters;

    @Inject
    SessionRecheckJob recheck;

    @Inject
    SteppableClock clock;

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
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), ServiceEndpoints.appliedMigrations(dataSource, "cdr"));
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
            send(new ProducerRecord<>(EventTopics.CALL_LEGS, sessionId, answered.toByteArray()));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(sessionId).size() == 1);
        // Give the duplicates time to be consumed too, then check they changed nothing.
        LegEvent marker = answered.toBuilder().setEventId(UUID.randomUUID().toString()).setSequence(4)
                .setState(LegState.LEG_STATE_ENDED).build();
        send(new ProducerRecord<>(EventTopics.CALL_LEGS, sessionId, marker.toByteArray()));
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
        send(new ProducerRecord<>(EventTopics.CALL_LEGS, key, garbage));

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
        send(new ProducerRecord<>(EventTopics.CALL_LEGS, sessionId, future.toByteArray()));

        assertEquals(future, LegEvent.parseFrom(deadLetterWithKey(sessionId).value()));
        assertEquals(0, rowsOf(sessionId).size());
    }

    @Test
    void storesASessionEndedMarkerOnceTellingItFromLegEventsByItsCloudEventsType() throws Exception {
        String sessionId = "ended-" + UUID.randomUUID();
        SessionEnded marker = SessionEnded.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_764_115_260L))
                .setSchemaVersion(1)
                .setSessionId(sessionId)
                .addLegIds("leg-a")
                .setOutcome(SessionOutcome.SESSION_OUTCOME_NOT_CONNECTED)
                .setSessionSequence(7)
                .build();
        for (int delivery = 0; delivery < 2; delivery++) {
            send(typed(sessionId, "ringback.events.v1.SessionEnded", marker.toByteArray()));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> markersOf(sessionId) == 1);
        String sentinel = "sentinel-" + UUID.randomUUID();
        send(new ProducerRecord<>(EventTopics.CALL_LEGS, sentinel, new byte[] {1, 2, 3}));
        assertFalse(deadLetterKeysUntil(sentinel).contains(sessionId), "a marker is not dead-lettered");
        assertEquals(1, markersOf(sessionId));
        assertEquals(0, rowsOf(sessionId).size(), "a marker is no leg event");
    }

    @Test
    void sendsARecordOfATypeCallLegsDoesNotCarryToTheDeadLetterTopic() throws Exception {
        String key = "typed-" + UUID.randomUUID();
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        send(typed(key, "ringback.events.v1.CallbackRequested", payload));

        ConsumerRecord<String, byte[]> dead = deadLetterWithKey(key);
        assertArrayEquals(payload, dead.value());
        assertEquals("call.legs carries no events of type 'ringback.events.v1.CallbackRequested'",
                new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
    }

    @Test
    void aDatabaseOutageIsRetriedUntilTheEventIsStoredNeverDeadLettered() throws Exception {
        String sessionId = "outage-" + UUID.randomUUID();
        LegEvent ringing = LegEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_764_115_200L))
                .setSchemaVersion(1)
                .setSessionId(sessionId)
                .setLegId("A")
                .setState(LegState.LEG_STATE_RINGING)
                .setSequence(2)
                .build();
        double retriesBefore = retries();
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String database = base.substring(base.lastIndexOf('/') + 1);
        String adminUrl = base.substring(0, base.lastIndexOf('/') + 1) + "postgres" + (query < 0 ? "" : url.substring(query));
        try (Connection admin = DriverManager.getConnection(adminUrl,
                ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class),
                ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class));
             Statement statement = admin.createStatement()) {
            // The database goes away: no new connection is accepted and every open one is cut.
            statement.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
            try {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + database + "'");
                send(new ProducerRecord<>(EventTopics.CALL_LEGS, sessionId, ringing.toByteArray()));
                await().atMost(Duration.ofSeconds(30)).until(() -> retries() >= retriesBefore + 2);
            } finally {
                statement.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
            }
        }

        // The pool may still hold connections the outage cut: a query on one fails once, the next gets a new one.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> rowsOf(sessionId).size() == 1);
        String sentinel = "sentinel-" + UUID.randomUUID();
        send(new ProducerRecord<>(EventTopics.CALL_LEGS, sentinel, new byte[] {1, 2, 3}));
        assertFalse(deadLetterKeysUntil(sentinel).contains(sessionId), "an outage is never dead-lettered");
        assertEquals(ringing.getEventId(), rowsOf(sessionId).get(0)[0]);
    }

    @Test
    void aSessionDeliveredOutOfOrderAndTwiceIsAssembledIntoOneCdrPerLegOnceItsMarkerArrives() throws Exception {
        String sessionId = UUID.randomUUID().toString();
        String legA = UUID.randomUUID().toString();
        String legB = UUID.randomUUID().toString();
        long t0 = 1_764_151_200_000L; // 2025-11-26T10:00:00Z
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(leg(ACCOUNT, sessionId, legA, LegRole.LEG_ROLE_A, LegState.LEG_STATE_ORIGINATED, 1, 1, t0, b -> { }));
        records.add(leg(ACCOUNT, sessionId, legA, LegRole.LEG_ROLE_A, LegState.LEG_STATE_ANSWERED, 2, 2, t0 + 4_000,
                b -> b.setAnsweredAt(ts(t0 + 4_000))));
        records.add(leg(ACCOUNT, sessionId, legB, LegRole.LEG_ROLE_B, LegState.LEG_STATE_ORIGINATED, 1, 3, t0 + 20_000,
                b -> b.setMaxDurationMs(120_000)));
        records.add(leg(ACCOUNT, sessionId, legB, LegRole.LEG_ROLE_B, LegState.LEG_STATE_ANSWERED, 2, 4, t0 + 25_000,
                b -> b.setAnsweredAt(ts(t0 + 25_000)).setMaxDurationMs(120_000)));
        records.add(leg(ACCOUNT, sessionId, legB, LegRole.LEG_ROLE_B, LegState.LEG_STATE_ENDED, 3, 5, t0 + 86_500,
                b -> b.setAnsweredAt(ts(t0 + 25_000)).setEndedAt(ts(t0 + 86_500)).setSipCode(200).setQ850Cause(16)
                        .setHangupBy(HangupParty.HANGUP_PARTY_USER).setMaxDurationMs(120_000)));
        records.add(leg(ACCOUNT, sessionId, legA, LegRole.LEG_ROLE_A, LegState.LEG_STATE_ENDED, 3, 6, t0 + 86_600,
                b -> b.setAnsweredAt(ts(t0 + 4_000)).setEndedAt(ts(t0 + 86_600)).setQ850Cause(16)
                        .setHangupBy(HangupParty.HANGUP_PARTY_USER)));
        SessionEnded marker = SessionEnded.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(ts(t0 + 87_000)).setSchemaVersion(1).setSessionId(sessionId)
                .addLegIds(legA).addLegIds(legB).setOutcome(SessionOutcome.SESSION_OUTCOME_CONNECTED)
                .setAccountId(ACCOUNT).setSessionSequence(7).build();
        List<ProducerRecord<String, byte[]>> delivered = new ArrayList<>(records);
        delivered.add(records.get(3));
        delivered.add(records.get(4));
        java.util.Collections.shuffle(delivered, new java.util.Random(3));
        for (ProducerRecord<String, byte[]> record : delivered) {
            send(record);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> legEventCount(sessionId) == 6);
        assertEquals(0, cdrsOf(sessionId).size(), "no CDR before the session is complete");

        send(typed(sessionId, "ringback.events.v1.SessionEnded", marker.toByteArray()));
        send(typed(sessionId, "ringback.events.v1.SessionEnded", marker.toByteArray()));

        await().atMost(Duration.ofSeconds(30)).until(() -> cdrsOf(sessionId).size() == 2);
        List<String> cdrs = cdrsOf(sessionId);
        assertEquals(List.of(
                LegCdr.originalCdrId(legA) + " A ENDED 82600 t REPORTED USER 16",
                LegCdr.originalCdrId(legB) + " B ENDED 61500 t REPORTED USER 16"), cdrs);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT status, completion, account_id, outcome, array_to_string(leg_ids, ',') FROM call_session"
                             + " WHERE session_id = ?")) {
            query.setString(1, sessionId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                assertEquals("ASSEMBLED MARKER " + ACCOUNT + " CONNECTED " + legA + "," + legB,
                        row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " " + row.getString(4)
                                + " " + row.getString(5));
            }
        }
    }

    @Test
    void aSessionWhoseLegsNeverReportTheirEndIsClosedByTheClockAtTheQuotedMaximumWithoutAnotherEvent()
            throws Exception {
        String sessionId = UUID.randomUUID().toString();
        String legA = UUID.randomUUID().toString();
        String legB = UUID.randomUUID().toString();
        long t0 = 1_764_151_200_000L; // 2025-11-26T10:00:00Z
        // Both legs answered, then their signaling instance died: no end, no marker ever arrives.
        send(leg(ACCOUNT, sessionId, legA, LegRole.LEG_ROLE_A, LegState.LEG_STATE_ANSWERED, 2, 2, t0 + 4_000,
                b -> b.setAnsweredAt(ts(t0 + 4_000))));
        send(leg(ACCOUNT, sessionId, legB, LegRole.LEG_ROLE_B, LegState.LEG_STATE_ANSWERED, 2, 4, t0 + 25_000,
                b -> b.setAnsweredAt(ts(t0 + 25_000)).setMaxDurationMs(120_000)));
        await().atMost(Duration.ofSeconds(30)).until(() -> legEventCount(sessionId) == 2);

        recheck.recheckDue();
        assertEquals(0, cdrsOf(sessionId).size(), "not closed before the grace (ringback.cdr.limits.grace)");
        clock.step(Duration.ofMinutes(2));
        recheck.recheckDue();

        // Billed no longer than they could have lasted: leg B its quoted 120 s, leg A up to leg B's end.
        assertEquals(List.of(
                LegCdr.originalCdrId(legA) + " A ENDED 141000 t CLOSED_UNTERMINATED PLATFORM 0",
                LegCdr.originalCdrId(legB) + " B ENDED 120000 t CLOSED_UNTERMINATED PLATFORM 0"), cdrsOf(sessionId));
    }

    private static final String ACCOUNT = "0a0a0a0a-0000-4000-8000-000000000001";

    private int legEventCount(String sessionId) throws SQLException {
        return rowsOf(sessionId).size();
    }

    private List<String> cdrsOf(String sessionId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT cdr_id, role, final_state, duration_ms, answered, closure, hangup_by, q850_cause FROM cdr"
                             + " WHERE session_id = ? ORDER BY role")) {
            query.setString(1, sessionId);
            List<String> rows = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    StringBuilder line = new StringBuilder(row.getString(1));
                    for (int i = 2; i <= 8; i++) {
                        line.append(' ').append(row.getString(i));
                    }
                    rows.add(line.toString());
                }
            }
            return rows;
        }
    }

    private double retries() {
        return meters.counter("ringback.cdr.call.legs.retries").count();
    }

    /** The keys on the dead-letter topic, read from its start up to the sentinel's record. */
    private static Set<String> deadLetterKeysUntil(String sentinel) {
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("call.legs.dlq"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
                return keys.contains(sentinel);
            });
        }
        return keys;
    }

    private int markersOf(String sessionId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM session_marker WHERE session_id = ?")) {
            query.setString(1, sessionId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
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
