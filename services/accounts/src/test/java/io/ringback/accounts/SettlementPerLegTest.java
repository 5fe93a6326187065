package io.ringback.accounts;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.ringback.accounts.adapter.kafka.RatedCdrConsumer;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.GetBalanceRequest;
import io.ringback.proto.accounts.v1.ReserveFundsRequest;
import io.ringback.proto.accounts.v1.ReserveFundsResponse;
import io.ringback.proto.accounts.v1.ReserveFundsResult;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.proto.common.v1.LevelAmount;
import io.ringback.proto.common.v1.LevelCharge;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.RatedCdr;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.KafkaBroker;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.RatingDoubleResource;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Settlement of cdr.rated on a real broker and PostgreSQL (issue #12): unique per leg as well as
 * per CDR id, and the session's last CDR releases what is left of its reservations.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(RatingDoubleResource.class)
class SettlementPerLegTest {

    private static final String ADMIN_KEY = "test-admin-key-0123456789abcdef0123456789";

    private static KafkaProducer<String, byte[]> producer;
    private static ManagedChannel channel;

    @Inject
    DataSource dataSource;

    @Inject
    RatedCdrConsumer consumer;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Test
    void aSessionsCdrsSettleOncePerLegAndItsLastCdrReleasesWhatIsLeftOfItsReservations() throws Exception {
        String agent = create(Map.of("name", "leg-agent-" + UUID.randomUUID(), "currency", "USD"));
        String customer = create(Map.of("name", "leg-customer-" + UUID.randomUUID(), "currency", "USD",
                "parentId", agent));
        pay(agent, "10");
        pay(customer, "10");
        String sessionId = UUID.randomUUID().toString();
        String held = reserve(sessionId, 1, customer, agent, "1.000000", "0.800000");
        String unused = reserve(sessionId, 2, customer, agent, "0.500000", "0.400000");
        assertEquals(List.of("10.000000 1.500000 8.500000", "10.000000 1.200000 8.800000"),
                List.of(balance(customer), balance(agent)));

        String legA = UUID.randomUUID().toString();
        String legB = UUID.randomUUID().toString();
        RatedCdr cdrA = cdr(sessionId, legA, LegRole.LEG_ROLE_A, customer, agent, "0.100000", "0.080000", held);
        RatedCdr cdrB = cdr(sessionId, legB, LegRole.LEG_ROLE_B, customer, agent, "0.150000", "0.120000", held)
                .toBuilder().addReleaseReservationIds(held).addReleaseReservationIds(unused).build();
        // Another CDR for leg B (not a correction): it must never be settled.
        RatedCdr twin = cdrB.toBuilder().setCdrId(UUID.randomUUID().toString()).setEventId(UUID.randomUUID().toString())
                .clearReleaseReservationIds().build();
        for (RatedCdr cdr : List.of(cdrA, cdrA, cdrB, twin, cdrB)) {
            producer.send(new ProducerRecord<>(EventTopics.CDR_RATED, customer, cdr.toByteArray())).get();
        }

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.recordsWithKey("cdr.rated.dlq", customer);
        assertEquals(1, dead.size());
        assertEquals(twin, RatedCdr.parseFrom(dead.get(0).value()));
        assertEquals("leg " + legB + " of session " + sessionId + " was settled by CDR " + cdrB.getCdrId() + "; CDR "
                        + twin.getCdrId() + " for it is refused (a second CDR for a leg can only be a correction)",
                new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM settlement WHERE idempotency_key = '" + cdrB.getCdrId() + "'") == 1);
        assertEquals(0, count("SELECT count(*) FROM settlement WHERE idempotency_key = '" + twin.getCdrId() + "'"));

        // Each level paid both legs once; nothing is held any more: both reservations are released.
        assertEquals(List.of("9.750000 0.000000 9.750000", "9.800000 0.000000 9.800000"),
                List.of(balance(customer), balance(agent)));
    }

    @Test
    void aCrashInTheMiddleOfASettlementLeavesTheLegFreeAndTheRedeliverySettlesItOnce() throws Exception {
        String agent = create(Map.of("name", "crash-agent-" + UUID.randomUUID(), "currency", "USD"));
        String customer = create(Map.of("name", "crash-customer-" + UUID.randomUUID(), "currency", "USD",
                "parentId", agent));
        pay(agent, "10");
        pay(customer, "10");
        String sessionId = UUID.randomUUID().toString();
        String held = reserve(sessionId, 1, customer, agent, "1.000000", "0.800000");
        String legId = UUID.randomUUID().toString();
        RatedCdr cdr = cdr(sessionId, legId, LegRole.LEG_ROLE_B, customer, agent, "0.150000", "0.120000", held)
                .toBuilder().addReleaseReservationIds(held).build();
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(EventTopics.CDR_RATED, 0, 0L, customer,
                cdr.toByteArray());

        // The database fails after the leg is claimed and the settlement row written, while the
        // ledger entries go in: the process dying there is the same as the transaction never committing.
        execute("CREATE FUNCTION crash_" + suffix(sessionId) + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.description = 'session " + sessionId + "' THEN RAISE EXCEPTION 'simulated crash'; END IF; "
                + "RETURN NEW; END $$");
        execute("CREATE TRIGGER crash_" + suffix(sessionId) + " BEFORE INSERT ON ledger_entry FOR EACH ROW "
                + "EXECUTE FUNCTION crash_" + suffix(sessionId) + "()");
        try {
            // Not dead-lettered: thrown, so the offset is not committed and the record is read again.
            assertThrows(RuntimeException.class, () -> consumer.consume(record));
        } finally {
            execute("DROP TRIGGER crash_" + suffix(sessionId) + " ON ledger_entry");
            execute("DROP FUNCTION crash_" + suffix(sessionId) + "()");
        }
        assertEquals(0, count("SELECT count(*) FROM settled_leg WHERE leg_id = '" + legId + "'"));
        assertEquals(0, count("SELECT count(*) FROM settlement WHERE idempotency_key = '" + cdr.getCdrId() + "'"));
        assertEquals(List.of("10.000000 1.000000 9.000000", "10.000000 0.800000 9.200000"),
                List.of(balance(customer), balance(agent)));

        // The redelivery settles it, once; a third delivery changes nothing.
        consumer.consume(record);
        consumer.consume(record);
        assertEquals(1, count("SELECT count(*) FROM settled_leg WHERE leg_id = '" + legId + "' AND cdr_id = '"
                + cdr.getCdrId() + "'"));
        assertEquals(List.of("9.850000 0.000000 9.850000", "9.880000 0.000000 9.880000"),
                List.of(balance(customer), balance(agent)));

        // Another CDR for the leg is refused in the same transaction: no claim, no debit.
        RatedCdr twin = cdr.toBuilder().setCdrId(UUID.randomUUID().toString()).build();
        consumer.consume(new ConsumerRecord<>(EventTopics.CDR_RATED, 0, 1L, customer, twin.toByteArray()));
        assertEquals(0, count("SELECT count(*) FROM settlement WHERE idempotency_key = '" + twin.getCdrId() + "'"));
        assertEquals(List.of("9.850000 0.000000 9.850000", "9.880000 0.000000 9.880000"),
                List.of(balance(customer), balance(agent)));
    }

    @Test
    void aCorrectionAdjustsEveryLevelByItsDifferenceOnceAndACorrectionOfAnUnsettledCdrIsRefused() throws Exception {
        String agent = create(Map.of("name", "fix-agent-" + UUID.randomUUID(), "currency", "USD"));
        String customer = create(Map.of("name", "fix-customer-" + UUID.randomUUID(), "currency", "USD",
                "parentId", agent));
        pay(agent, "10");
        pay(customer, "10");
        String sessionId = UUID.randomUUID().toString();
        RatedCdr original = cdr(sessionId, UUID.randomUUID().toString(), LegRole.LEG_ROLE_B, customer, agent,
                "0.150000", "0.120000", "");
        // The deck was corrected: the customer pays less, its agent more.
        RatedCdr correction = original.toBuilder().setCdrId(UUID.randomUUID().toString())
                .setEventId(UUID.randomUUID().toString()).setCorrectsCdrId(original.getCdrId())
                .setCustomerCharge("0.120000").clearCharges().addCharges(charge(0, customer, "0.120000"))
                .addCharges(charge(1, agent, "0.130000"))
                .addChargeDifferences(difference(0, customer, "-0.030000"))
                .addChargeDifferences(difference(1, agent, "0.010000")).build();
        RatedCdr orphan = correction.toBuilder().setCdrId(UUID.randomUUID().toString())
                .setEventId(UUID.randomUUID().toString()).setCorrectsCdrId(UUID.randomUUID().toString()).build();
        for (RatedCdr cdr : List.of(original, correction, correction, orphan)) {
            producer.send(new ProducerRecord<>(EventTopics.CDR_RATED, customer, cdr.toByteArray())).get();
        }

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.recordsWithKey("cdr.rated.dlq", customer);
        assertEquals(1, dead.size());
        assertEquals(orphan, RatedCdr.parseFrom(dead.get(0).value()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM settlement WHERE idempotency_key = '" + correction.getCdrId() + "'") == 1);
        assertEquals(List.of("9.880000 0.000000 9.880000", "9.870000 0.000000 9.870000"),
                List.of(balance(customer), balance(agent)));
        assertEquals(2, count("SELECT count(*) FROM ledger_entry WHERE idempotency_key = '" + correction.getCdrId()
                + "'"), "one entry per level whose charge changed, written once");
    }

    private static LevelAmount difference(int level, String accountId, String amount) {
        return LevelAmount.newBuilder().setLevel(level).setAccountId(accountId).setAmount(amount).setCurrency("USD")
                .build();
    }

    private static String suffix(String sessionId) {
        return sessionId.replace("-", "");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private static RatedCdr cdr(String sessionId, String legId, LegRole role, String customer, String agent,
                                String customerCharge, String agentCharge, String reservationId) {
        return RatedCdr.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_764_115_200L)).setSchemaVersion(1)
                .setCdrId(UUID.randomUUID().toString()).setSessionId(sessionId).setLegId(legId).setRole(role)
                .setAccountId(customer).setBillableSeconds(60).setCustomerCharge(customerCharge).setCurrency("USD")
                .addCharges(charge(0, customer, customerCharge)).addCharges(charge(1, agent, agentCharge))
                .setReservationId(reservationId).setBilled(true).build();
    }

    private static LevelCharge charge(int level, String accountId, String charge) {
        return LevelCharge.newBuilder().setLevel(level).setAccountId(accountId).setCharge(charge).setCurrency("USD")
                .build();
    }

    private static String reserve(String sessionId, int n, String customer, String agent, String own, String parent) {
        ReserveFundsResponse reserved = grpc().reserveFunds(ReserveFundsRequest.newBuilder()
                .setIdempotencyKey(sessionId + ":" + n).setSessionId(sessionId).setAccountId(customer)
                .addAmounts(LevelAmount.newBuilder().setLevel(0).setAccountId(customer).setAmount(own))
                .addAmounts(LevelAmount.newBuilder().setLevel(1).setAccountId(agent).setAmount(parent))
                .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(3600)).build());
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, reserved.getResult());
        return reserved.getReservationId();
    }

    /** Balance, reserved and available of the account, as accounts answers GetBalance. */
    private static String balance(String accountId) {
        var balance = grpc().getBalance(GetBalanceRequest.newBuilder().setAccountId(accountId).build()).getBalance();
        return balance.getBalance() + " " + balance.getReserved() + " " + balance.getAvailable();
    }

    private static String create(Map<String, Object> body) {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN_KEY).contentType(ContentType.JSON)
                .body(body).post("/api/v1/accounts").then().statusCode(201).extract().path("id");
    }

    private static void pay(String accountId, String amount) {
        RestAssured.given().header("Authorization", "Bearer " + ADMIN_KEY).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("kind", "PAYMENT", "amount", amount)).post("/api/v1/accounts/" + accountId + "/payments")
                .then().statusCode(201);
    }

    private static synchronized AccountsServiceGrpc.AccountsServiceBlockingStub grpc() {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + AccountsDouble.SERVICE_TOKEN);
        return AccountsServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(sql);
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
