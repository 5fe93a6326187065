package io.ringback.accounts;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.ringback.accounts.app.LedgerService;
import io.ringback.accounts.app.ReservationExpiryJob;
import io.ringback.accounts.config.AccountsConfig;
import io.ringback.common.Money;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.AuthorizeCallerReason;
import io.ringback.proto.accounts.v1.AuthorizeCallerRequest;
import io.ringback.proto.accounts.v1.AuthorizeCallerResponse;
import io.ringback.proto.accounts.v1.CheckDestinationRequest;
import io.ringback.proto.accounts.v1.CheckDestinationResponse;
import io.ringback.proto.accounts.v1.DestinationCheckReason;
import io.ringback.proto.accounts.v1.GetAccountChainRequest;
import io.ringback.proto.accounts.v1.GetAccountChainResponse;
import io.ringback.proto.accounts.v1.GetBalanceRequest;
import io.ringback.proto.accounts.v1.RatePlanUsageRequest;
import io.ringback.proto.accounts.v1.ReleaseFundsRequest;
import io.ringback.proto.accounts.v1.ReleaseFundsResponse;
import io.ringback.proto.accounts.v1.ReserveFundsRequest;
import io.ringback.proto.accounts.v1.ReserveFundsResponse;
import io.ringback.proto.accounts.v1.ReserveFundsResult;
import io.ringback.proto.accounts.v1.SettleChargeRequest;
import io.ringback.proto.accounts.v1.SettleChargeResponse;
import io.ringback.proto.accounts.v1.VerifyPinReason;
import io.ringback.proto.accounts.v1.VerifyPinRequest;
import io.ringback.proto.accounts.v1.VerifyPinResponse;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.proto.common.v1.LevelAmount;
import io.ringback.proto.common.v1.LevelCharge;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.LowBalance;
import io.ringback.proto.events.v1.RatedCdr;
import io.ringback.rating.domain.ChainLevel;
import io.ringback.rating.domain.LevelQuote;
import io.ringback.rating.domain.Pricing;
import io.ringback.rating.domain.PrefixIndex;
import io.ringback.rating.domain.Quote;
import io.ringback.rating.domain.QuoteOutcome;
import io.ringback.rating.domain.QuoteRequest;
import io.ringback.rating.domain.Quoter;
import io.ringback.rating.domain.RateDeck;
import io.ringback.rating.domain.RateRow;
import io.ringback.rating.domain.RateTable;
import io.ringback.rating.domain.TableKind;
import io.ringback.testing.KafkaBroker;
import io.ringback.testing.RatingDouble;
import io.ringback.testing.RatingDoubleResource;
import io.ringback.testing.SteppableClock;
import io.ringback.accounts.domain.SpendCaps;
import io.ringback.accounts.domain.CardNumbers;
import io.ringback.accounts.domain.PinHasher;
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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accounts service against real PostgreSQL and a real Kafka broker: the REST API, the gRPC
 * API and the cdr.rated consumer. Every test builds its own accounts, so none depends on another.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(RatingDoubleResource.class)
class AccountsServiceTest {

    private static final String ADMIN_KEY = "test-admin-key-0123456789abcdef0123456789";
    private static final String SERVICE_TOKEN = io.ringback.testing.AccountsDouble.SERVICE_TOKEN;
    private static final String PROBLEM = "https://ringback.io/problems/";
    private static final List<String> BD_WHOLESALE = List.of("MANAGE_ACCOUNTS", "MANAGE_PHONES",
            "MANAGE_PHONE_CARDS", "PAYMENT_FOR_THIS_ACCOUNT", "PAYMENT_FOR_SUB_ACCOUNTS");
    private static final List<String> DHAKA_RETAIL = List.of("MANAGE_ACCOUNTS", "MANAGE_PHONES",
            "PAYMENT_FOR_SUB_ACCOUNTS");

    /** Accounts whose balance (the last entry's running sum) differs from the sum of their ledger. */
    private static final String BALANCE_IS_NOT_THE_SUM = """
            SELECT count(*) FROM account a
            WHERE coalesce((SELECT balance_after FROM ledger_entry e WHERE e.account_id = a.id
                            ORDER BY seq DESC LIMIT 1), 0)
               <> coalesce((SELECT sum(amount) FROM ledger_entry e WHERE e.account_id = a.id
                            AND kind IN ('PAYMENT', 'REFUND', 'ADJUSTMENT', 'CALL_CHARGE')), 0)
            """;

    /** Starts from the time of day so that a second run against the same database does not collide. */
    private static final AtomicLong UNIQUE = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 100);

    private static KafkaProducer<String, byte[]> producer;
    private static ManagedChannel channel;

    @Inject
    DataSource dataSource;

    @Inject
    AccountsConfig config;

    @Inject
    SteppableClock clock;

    @Inject
    LedgerService ledgerService;

    @Inject
    ReservationExpiryJob expiryJob;

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

    // --- the service itself -----------------------------------------------------------------

    @Test
    void bootsHealthyWithItsDocumentedEndpoints() {
        ServiceEndpoints.assertHealthy("Database connections health check");
        ServiceEndpoints.assertOpenApi("Ringback accounts API");
        ServiceEndpoints.assertPrometheusMetrics();
        RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/accounts/{id}/payments'.post.summary",
                        equalTo("Record a payment, refund or adjustment (a ledger entry)"));
    }

    @Test
    void migratesItsOwnSchemaOnRealPostgres() {
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "9"), ServiceEndpoints.appliedMigrations(dataSource, "accounts"));
        ServiceEndpoints.assertCurrentSchema(dataSource, "accounts");
    }

    @Test
    void accountTableRefusesAnAccountThatIsItsOwnParent() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> statement.execute(
                    "INSERT INTO account (id, parent_id, name, currency, created_at) VALUES "
                            + "('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001',"
                            + " 'loop', 'USD', now())"));
            assertEquals("23514", refused.getSQLState(), "check_violation");
        }
    }

    @Test
    void configurationHasDocumentedDefaults() {
        assertEquals("USD", config.defaultCurrency());
        assertEquals(Duration.ofHours(4), config.reservationTtl());
        assertEquals(5, config.pinMaxAttempts());
        assertEquals(Duration.ofSeconds(30), config.expirySweepInterval());
        assertEquals(Duration.ofMinutes(15), config.pinLockDuration());
        assertEquals(Duration.ofSeconds(2), config.ratingTimeout());
        assertEquals(ZoneOffset.UTC.normalized(), config.spendDayZone().normalized());
    }

    @Test
    void everyApiCallNeedsAKnownKey() {
        RestAssured.given().get("/api/v1/accounts").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"ringback\"")
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "unauthenticated"));
        as("rbk_not-a-key").get("/api/v1/accounts").then().statusCode(401);
        as("wrong-admin-key-0123456789abcdef0123456789").get("/api/v1/accounts").then().statusCode(401);
        as(ADMIN_KEY).get("/api/v1/principal").then().statusCode(200).body("admin", equalTo(true));
    }

    // --- hierarchy --------------------------------------------------------------------------

    /** The seed's example: admin, BD-Wholesale-Agent, Dhaka-Retail-Sub, Customer-001. */
    @Test
    void buildsTheSeedHierarchyWithEachLevelActingInItsOwnScope() {
        Seed seed = seed();

        as(ADMIN_KEY).get("/api/v1/accounts/" + seed.wholesale).then().statusCode(200)
                .body("name", equalTo(seed.prefix + "BD-Wholesale-Agent")).body("category", equalTo("AGENT"))
                .body("parentId", nullValue()).body("currency", equalTo("BDT"))
                .body("creditLimit", equalTo("0.000000")).body("defaultCtdMode", equalTo("STANDARD"));
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.dhaka).then().statusCode(200)
                .body("parentId", equalTo(seed.wholesale)).body("category", equalTo("AGENT"));
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer).then().statusCode(200)
                .body("parentId", equalTo(seed.dhaka)).body("category", equalTo("ACCOUNT"))
                .body("rateTableId", equalTo(seed.customerPlan));

        as(ADMIN_KEY).get("/api/v1/accounts/" + seed.wholesale + "/authorizations").then().statusCode(200)
                .body("authorizations", contains(BD_WHOLESALE.toArray()));
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.dhaka + "/authorizations").then().statusCode(200)
                .body("authorizations", contains(DHAKA_RETAIL.toArray()));

        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.wholesale + "/tree").then().statusCode(200)
                .body("name", equalTo(seed.prefix + "BD-Wholesale-Agent"))
                .body("children.name", contains(seed.prefix + "Dhaka-Retail-Sub"))
                .body("children[0].category", equalTo("AGENT"))
                .body("children[0].children.name", contains(seed.prefix + "Customer-001"))
                .body("children[0].children[0].category", equalTo("ACCOUNT"));
        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.wholesale + "/sub-accounts").then().statusCode(200)
                .body("items.name", contains(seed.prefix + "Dhaka-Retail-Sub")).body("total", equalTo(1));
        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.wholesale + "/sub-accounts?scope=all").then()
                .statusCode(200).body("total", equalTo(2)).body("items.depth", contains(1, 2))
                .body("items.name", contains(seed.prefix + "Dhaka-Retail-Sub", seed.prefix + "Customer-001"));
        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.wholesale + "/sub-accounts?scope=some").then()
                .statusCode(400).body("type", equalTo(PROBLEM + "invalid-scope"));
        as(seed.dhakaKey).get("/api/v1/accounts").then().statusCode(200)
                .body("items.id", contains(seed.dhaka)).body("total", equalTo(1));
        // The retail agent does not see its own parent.
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.wholesale).then().statusCode(404);
    }

    @Test
    void aSubAgentCannotBeGrantedMoreThanItsParentHolds() {
        Seed seed = seed();
        as(seed.wholesaleKey).body(Map.of("authorizations", List.of("MANAGE_ACCOUNTS", "MODIFY_GATEWAY_INFO")))
                .put("/api/v1/accounts/" + seed.dhaka + "/authorizations").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "authorization-not-held-by-parent"))
                .body("detail", equalTo("cannot grant MODIFY_GATEWAY_INFO: the parent agent does not hold it"));
        as(ADMIN_KEY).body(Map.of("authorizations", List.of("MODIFY_GATEWAY_INFO")))
                .put("/api/v1/accounts/" + seed.dhaka + "/authorizations").then().statusCode(422);
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.dhaka + "/authorizations").then()
                .body("authorizations", contains(DHAKA_RETAIL.toArray()));
        as(ADMIN_KEY).body(Map.of("authorizations", List.of("NO_SUCH_THING")))
                .put("/api/v1/accounts/" + seed.dhaka + "/authorizations").then().statusCode(400);
    }

    @Test
    void revokingFromAnAgentRevokesFromItsWholeSubtree() {
        Seed seed = seed();
        String subSub = createAs(seed.dhakaKey, Map.of("name", seed.prefix + "Gulshan-Reseller"));
        as(seed.dhakaKey).body(Map.of("authorizations", List.of("MANAGE_PHONES", "PAYMENT_FOR_SUB_ACCOUNTS")))
                .put("/api/v1/accounts/" + subSub + "/authorizations").then().statusCode(200);

        as(ADMIN_KEY).body(Map.of("authorizations", List.of("MANAGE_ACCOUNTS", "PAYMENT_FOR_THIS_ACCOUNT")))
                .put("/api/v1/accounts/" + seed.wholesale + "/authorizations").then().statusCode(200)
                .body("authorizations", contains("MANAGE_ACCOUNTS", "PAYMENT_FOR_THIS_ACCOUNT"));

        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.dhaka + "/authorizations").then()
                .body("authorizations", contains("MANAGE_ACCOUNTS"));
        as(seed.wholesaleKey).get("/api/v1/accounts/" + subSub + "/authorizations").then()
                .body("authorizations.size()", equalTo(0));
        // The key's holder feels it at once: no more phones.
        as(seed.dhakaKey).body(Map.of("number", "+8801711" + digits(6)))
                .post("/api/v1/accounts/" + seed.customer + "/phones").then().statusCode(403)
                .body("type", equalTo(PROBLEM + "missing-authorization"));
    }

    @Test
    void treeRulesRefuseUnknownParentsCyclesAndDeletingAgents() throws SQLException {
        Seed seed = seed();
        long accountsBefore = count("SELECT count(*) FROM account");

        as(ADMIN_KEY).body(Map.of("name", "orphan", "parentId", UUID.randomUUID().toString()))
                .post("/api/v1/accounts").then().statusCode(422).body("type", equalTo(PROBLEM + "unknown-parent"));
        as(ADMIN_KEY).body(Map.of("name", "derived", "category", "AGENT")).post("/api/v1/accounts").then()
                .statusCode(400).body("type", equalTo(PROBLEM + "category-derived"));
        as(ADMIN_KEY).body(Map.of("name", "bad money", "creditLimit", "-1")).post("/api/v1/accounts").then()
                .statusCode(400).body("type", equalTo(PROBLEM + "invalid-amount"));
        as(ADMIN_KEY).body(Map.of("name", "bad currency", "currency", "XYZ1")).post("/api/v1/accounts").then()
                .statusCode(400).body("type", equalTo(PROBLEM + "invalid-currency"));
        as(ADMIN_KEY).body(Map.of("name", "bad status", "status", "SLEEPING")).post("/api/v1/accounts").then()
                .statusCode(400).body("type", equalTo(PROBLEM + "invalid-input")).body("errors[0].field", equalTo("status"))
                .body("detail", equalTo("status must be one of [ACTIVE, SUSPENDED, CLOSED]."));
        as(ADMIN_KEY).body(Map.of("parentId", seed.customer)).patch("/api/v1/accounts/" + seed.wholesale).then()
                .statusCode(409).body("type", equalTo(PROBLEM + "cycle"));
        as(ADMIN_KEY).body(Map.of("parentId", seed.wholesale)).patch("/api/v1/accounts/" + seed.wholesale).then()
                .statusCode(409).body("type", equalTo(PROBLEM + "cycle"));
        as(ADMIN_KEY).delete("/api/v1/accounts/" + seed.dhaka).then().statusCode(409)
                .body("type", equalTo(PROBLEM + "has-sub-accounts"));
        assertEquals(accountsBefore, count("SELECT count(*) FROM account"));
        assertEquals(seed.wholesale, queryOne("SELECT parent_id::text FROM account WHERE id = '" + seed.dhaka + "'"));
        assertEquals(null, queryOne("SELECT parent_id::text FROM account WHERE id = '" + seed.wholesale + "'"));

        // A move: the customer goes straight under the wholesale agent, buying on its plan from now
        // on (Dhaka's plan is not the new parent's); Dhaka becomes a plain account.
        as(seed.wholesaleKey).body(Map.of("parentId", seed.wholesale)).patch("/api/v1/accounts/" + seed.customer)
                .then().statusCode(422).body("type", equalTo(PROBLEM + "rate-plan-not-buyable"))
                .body("errors[0].field", equalTo("rateTableId"));
        String wholesalePlan = RatingDouble.ratePlan("BDT", UUID.fromString(seed.wholesale));
        as(seed.wholesaleKey).body(Map.of("parentId", seed.wholesale, "rateTableId", wholesalePlan))
                .patch("/api/v1/accounts/" + seed.customer)
                .then().statusCode(200).body("parentId", equalTo(seed.wholesale)).body("rateTableId", equalTo(wholesalePlan));
        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.dhaka).then().body("category", equalTo("ACCOUNT"));
        as(seed.wholesaleKey).delete("/api/v1/accounts/" + seed.dhaka).then().statusCode(204);
        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.dhaka).then().statusCode(404);
        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.wholesale + "/sub-accounts?scope=all").then()
                .body("items.name", contains(seed.prefix + "Customer-001"));
    }

    @Test
    void aRefundNeverTakesAPrepaidAccountBelowItsCreditLimit() {
        Seed seed = seed();
        as(ADMIN_KEY).body(Map.of("creditLimit", "50")).patch("/api/v1/accounts/" + seed.customer).then().statusCode(200);
        pay(seed.customer, "1115.5");
        as(ADMIN_KEY).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("kind", "REFUND", "amount", "100000")).post("/api/v1/accounts/" + seed.customer + "/payments")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "refund-exceeds-funds"));
        balance(seed.customer, "1115.500000", "0.000000", "1165.500000");
        as(ADMIN_KEY).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("kind", "REFUND", "amount", "1165.5")).post("/api/v1/accounts/" + seed.customer + "/payments")
                .then().statusCode(201);
        balance(seed.customer, "-50.000000", "0.000000", "0.000000");
    }

    @Test
    void aPostpaidAccountCallsDownToItsCreditLimitAndIsRefusedPastIt() {
        Seed seed = seed();
        pay(seed.dhaka, "100");
        pay(seed.wholesale, "100");
        as(seed.dhakaKey).body(Map.of("billingType", "POSTPAID", "creditLimit", "10"))
                .patch("/api/v1/accounts/" + seed.customer).then().statusCode(200)
                .body("billingType", equalTo("POSTPAID"));
        String number = registerPhone(seed, "2468");
        AuthorizeCallerRequest trigger = AuthorizeCallerRequest.newBuilder().setCallerNumber(number)
                .setDid("8809610000000").setCallbackServiceId("svc-1").setMinimumBalance("1.000000").build();
        AuthorizeCallerResponse owesNothing = grpc().authorizeCaller(trigger);
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_OK, owesNothing.getReason(),
                "a postpaid account calls on credit, without any payment");
        assertEquals("10.000000", owesNothing.getAvailable());

        settleCall(seed, "6.000000");
        balance(seed.customer, "-6.000000", "0.000000", "4.000000");
        settleCall(seed, "4.000000");
        balance(seed.customer, "-10.000000", "0.000000", "0.000000").body("billingType", equalTo("POSTPAID"));

        ReserveFundsResponse past = grpc().reserveFunds(reservation(seed, "0.000001"));
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_INSUFFICIENT_FUNDS, past.getResult());
        assertEquals(seed.customer, past.getRefusedAccountId());
        AuthorizeCallerResponse refused = grpc().authorizeCaller(trigger);
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_INSUFFICIENT_BALANCE, refused.getReason(),
                "at its credit limit a postpaid account is refused like a prepaid one out of funds");
        assertEquals("0.000000", refused.getAvailable());
        as(ADMIN_KEY).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("kind", "REFUND", "amount", "0.000001")).post("/api/v1/accounts/" + seed.customer
                        + "/payments").then().statusCode(422).body("type", equalTo(PROBLEM + "refund-exceeds-funds"));

        pay(seed.customer, "12.5");
        balance(seed.customer, "2.500000", "0.000000", "12.500000");
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_OK, grpc().authorizeCaller(trigger).getReason());
    }

    @Test
    void aPostpaidAccountsPerCallAndDailyCapsLimitItsCallsAndTheDayStartsAfresh() {
        // 01:00 UTC of a day (the default spend-day-zone): no midnight falls inside the test.
        Instant now = clock.instant();
        clock.step(Duration.between(now, SpendCaps.dayStart(now, ZoneOffset.UTC).plus(Duration.ofHours(25))));
        Seed seed = seed();
        pay(seed.dhaka, "100");
        pay(seed.wholesale, "100");
        as(seed.dhakaKey).body(Map.of("billingType", "POSTPAID", "creditLimit", "100", "perCallLimit", "3",
                "dailyLimit", "5")).patch("/api/v1/accounts/" + seed.customer).then().statusCode(200)
                .body("perCallLimit", equalTo("3.000000")).body("dailyLimit", equalTo("5.000000"));
        balance(seed.customer, "0.000000", "0.000000", "3.000000").body("spentToday", equalTo("0.000000"));
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_INSUFFICIENT_FUNDS,
                grpc().reserveFunds(reservation(seed, "3.000001")).getResult(), "above the per-call cap");

        settleCall(seed, "3.000000");
        balance(seed.customer, "-3.000000", "0.000000", "2.000000").body("spentToday", equalTo("3.000000"));
        ReserveFundsResponse held = grpc().reserveFunds(reservation(seed, "1.250000"));
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, held.getResult());
        balance(seed.customer, "-3.000000", "1.250000", "0.750000");
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_INSUFFICIENT_FUNDS,
                grpc().reserveFunds(reservation(seed, "0.750001")).getResult(),
                "the day's charges and what is held count against the daily cap");
        grpc().releaseFunds(ReleaseFundsRequest.newBuilder().setReservationId(held.getReservationId()).build());
        settleCall(seed, "2.000000");
        balance(seed.customer, "-5.000000", "0.000000", "0.000000").body("spentToday", equalTo("5.000000"));
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_INSUFFICIENT_FUNDS,
                grpc().reserveFunds(reservation(seed, "0.000001")).getResult(), "the day's cap is spent");

        clock.step(Duration.ofDays(1));
        balance(seed.customer, "-5.000000", "0.000000", "3.000000").body("spentToday", equalTo("0.000000"));

        as(seed.dhakaKey).body(Map.of("dailyLimit", "")).patch("/api/v1/accounts/" + seed.customer).then()
                .statusCode(200).body("dailyLimit", nullValue()).body("perCallLimit", equalTo("3.000000"));
        balance(seed.customer, "-5.000000", "0.000000", "3.000000").body("spentToday", nullValue());
    }

    @Test
    void spendCapsAreRefusedOnPrepaidAccountsAndASubAccountsBillingTypeIsItsOwn() {
        Seed seed = seed();
        as(seed.dhakaKey).body(Map.of("perCallLimit", "3")).patch("/api/v1/accounts/" + seed.customer).then()
                .statusCode(422).body("type", equalTo(PROBLEM + "spend-caps-postpaid-only"));
        as(seed.dhakaKey).body(Map.of("name", seed.prefix + "capped", "billingType", "PREPAID", "dailyLimit", "3"))
                .post("/api/v1/accounts").then().statusCode(422)
                .body("type", equalTo(PROBLEM + "spend-caps-postpaid-only"));
        for (String bad : List.of("0", "-1", "1e3", "0.0000001")) {
            as(seed.dhakaKey).body(Map.of("billingType", "POSTPAID", "perCallLimit", bad))
                    .patch("/api/v1/accounts/" + seed.customer).then().statusCode(400)
                    .body("type", equalTo(PROBLEM + "invalid-amount"));
        }

        // A postpaid agent with a per-call cap of 1 over a prepaid customer with 10 paid in.
        as(seed.wholesaleKey).body(Map.of("billingType", "POSTPAID", "creditLimit", "100", "perCallLimit", "1"))
                .patch("/api/v1/accounts/" + seed.dhaka).then().statusCode(200);
        pay(seed.customer, "10");
        pay(seed.wholesale, "100");
        balance(seed.customer, "10.000000", "0.000000", "10.000000").body("billingType", equalTo("PREPAID"));
        balance(seed.dhaka, "0.000000", "0.000000", "1.000000").body("billingType", equalTo("POSTPAID"));
        ReserveFundsRequest.Builder chain = reservation(seed, "3.000000").toBuilder()
                .addAmounts(amount(1, seed.dhaka, "1.500000"));
        ReserveFundsResponse refused = grpc().reserveFunds(chain.build());
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_INSUFFICIENT_FUNDS, refused.getResult());
        assertEquals(seed.dhaka, refused.getRefusedAccountId(), "the agent's own cap, not the customer's funds");
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, grpc().reserveFunds(chain
                .setIdempotencyKey(UUID.randomUUID().toString()).clearAmounts()
                .addAmounts(amount(0, seed.customer, "3.000000")).addAmounts(amount(1, seed.dhaka, "1.000000"))
                .build()).getResult());
        balance(seed.customer, "10.000000", "3.000000", "7.000000");

        // A postpaid account with caps becomes prepaid only once its caps are removed.
        as(seed.wholesaleKey).body(Map.of("billingType", "PREPAID")).patch("/api/v1/accounts/" + seed.dhaka).then()
                .statusCode(422).body("type", equalTo(PROBLEM + "spend-caps-postpaid-only"));
        as(seed.wholesaleKey).body(Map.of("billingType", "PREPAID", "perCallLimit", ""))
                .patch("/api/v1/accounts/" + seed.dhaka).then().statusCode(200).body("perCallLimit", nullValue());
    }

    // --- low-balance notices ------------------------------------------------------------------

    @Test
    void aBalanceFallingBelowItsThresholdPublishesOneLowBalanceEventPerCrossing() throws Exception {
        Seed seed = seed();
        pay(seed.customer, "20");
        String path = "/api/v1/accounts/" + seed.customer + "/low-balance-threshold";
        as(seed.dhakaKey).get(path).then().statusCode(200).body("threshold", nullValue());
        as(seed.dhakaKey).body(Map.of("threshold", "ten")).put(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("threshold"));
        as(seed.dhakaKey).body(Map.of("threshold", "1")).put("/api/v1/accounts/" + seed.dhaka + "/low-balance-threshold")
                .then().statusCode(403).body("type", equalTo(PROBLEM + "own-account"));
        as(seed.dhakaKey).body(Map.of("threshold", "10")).put(path).then().statusCode(200)
                .body("threshold", equalTo("10.000000"));
        as(seed.dhakaKey).get(path).then().body("threshold", equalTo("10.000000"));

        charge(seed.customer, "5");                        // 20 -> 15: above
        String crossing = charge(seed.customer, "6");      // 15 -> 9: crosses
        charge(seed.customer, "1");                        // 9 -> 8: below already, no second notice
        grpc().settleCharge(SettleChargeRequest.newBuilder().setIdempotencyKey(crossing).setSessionId("s")
                .setAccountId(seed.customer).addCharges(amount(0, seed.customer, "6")).build()); // a replay
        pay(seed.customer, "2");                           // 8 -> 10: at the threshold is not below
        as(ADMIN_KEY).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("kind", "REFUND", "amount", "1")).post("/api/v1/accounts/" + seed.customer + "/payments")
                .then().statusCode(201);                   // 10 -> 9: crosses again
        as(ADMIN_KEY).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("kind", "ADJUSTMENT", "amount", "-0.5"))
                .post("/api/v1/accounts/" + seed.customer + "/payments").then().statusCode(201); // 9 -> 8.5
        balance(seed.customer, "8.500000", "0.000000", "8.500000");

        List<LowBalance> notices = lowBalanceNotices(seed.customer);
        assertEquals(2, notices.size(), "one notice per crossing: " + notices);
        LowBalance first = notices.get(0);
        assertEquals(List.of(seed.customer, seed.dhaka, "10.000000", "15.000000", "9.000000", "BDT", "CALL_CHARGE"),
                List.of(first.getAccountId(), first.getParentAccountId(), first.getThreshold(),
                        first.getBalanceBefore(), first.getBalance(), first.getCurrency(), first.getEntryKind()));
        assertFalse(first.getPhoneCard());
        assertEquals(1, first.getSchemaVersion());
        assertEquals(queryOne("SELECT id FROM ledger_entry WHERE idempotency_key = '" + crossing + "'"),
                first.getLedgerEntryId());
        LowBalance second = notices.get(1);
        assertEquals(List.of("10.000000", "9.000000", "REFUND"),
                List.of(second.getBalanceBefore(), second.getBalance(), second.getEntryKind()));

        ConsumerRecord<String, byte[]> record = TopicReader.recordsWithKey(EventTopics.LOW_BALANCE, seed.customer).get(0);
        assertEquals("ringback.events.v1.LowBalance", header(record, "ce_type"));
        assertEquals("ringback/accounts", header(record, "ce_source"));
        assertEquals(first.getEventId(), header(record, "ce_id"));

        as(seed.dhakaKey).body(java.util.Collections.singletonMap("threshold", null)).put(path).then().statusCode(200)
                .body("threshold", nullValue());
        charge(seed.customer, "8.5");
        assertEquals(2, lowBalanceNotices(seed.customer).size(), "no threshold, no notice");
    }

    @Test
    void aCardFallingBelowItsThresholdPublishesALowBalanceEvent() throws Exception {
        Seed seed = seed();
        String card = firstCard(seed.wholesaleKey, seed.dhaka, Map.of("cards", 1, "faceValue", "2",
                "lowBalanceThreshold", "0.5"));
        as(seed.wholesaleKey).get("/api/v1/phone-cards/" + card).then().body("lowBalanceThreshold", equalTo("0.500000"));
        as(seed.dhakaKey).body(Map.of("threshold", "1")).put("/api/v1/phone-cards/" + card + "/low-balance-threshold")
                .then().statusCode(403);
        as(seed.wholesaleKey).body(Map.of("threshold", "1")).put("/api/v1/phone-cards/" + card
                + "/low-balance-threshold").then().statusCode(200).body("lowBalanceThreshold", equalTo("1.000000"));
        // While the relay cannot lead (this connection holds its lock), the notice waits, committed, in the outbox.
        String pending = "ringback_accounts_low_balance_notices_pending";
        try (Connection relayLock = dataSource.getConnection(); Statement statement = relayLock.createStatement()) {
            relayLock.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('accounts-outbox-relay'))");
            double before = metric(pending);
            charge(card, "1.5");
            assertEquals(before + 1, metric(pending));
            relayLock.rollback();
        }
        List<LowBalance> notices = lowBalanceNotices(card);
        assertEquals(0, metric(pending), "published");
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).getPhoneCard());
        assertEquals(List.of(seed.dhaka, "1.000000", "2.000000", "0.500000"), List.of(notices.get(0).getParentAccountId(),
                notices.get(0).getThreshold(), notices.get(0).getBalanceBefore(), notices.get(0).getBalance()));
    }

    /** Settles a call of {@code amount} on the account alone, without a reservation; answers its CDR id. */
    private static String charge(String accountId, String amount) {
        String cdr = UUID.randomUUID().toString();
        grpc().settleCharge(SettleChargeRequest.newBuilder().setIdempotencyKey(cdr).setSessionId("s")
                .setAccountId(accountId).addCharges(amount(0, accountId, amount)).build());
        return cdr;
    }

    /** The LowBalance events of the account on the broker, once its outbox holds nothing unpublished. */
    private List<LowBalance> lowBalanceNotices(String accountId) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM outbox_event WHERE event_key = '"
                + accountId + "' AND published_at IS NULL") == 0);
        List<LowBalance> notices = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.recordsWithKey(EventTopics.LOW_BALANCE, accountId)) {
            notices.add(LowBalance.parseFrom(record.value()));
        }
        return notices;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    // --- phone cards -------------------------------------------------------------------------

    @Test
    void aBatchOfAThousandCardsHasUniqueUnguessableNumbersAndPinsShownOnce() throws SQLException {
        Seed seed = seed();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("cards", 1000, "faceValue", "100", "validDays", 30);
        var created = as(seed.wholesaleKey).header("Idempotency-Key", key).body(body)
                .post("/api/v1/accounts/" + seed.dhaka + "/phone-card-batches").then().statusCode(201)
                .contentType("text/csv").header("Cache-Control", "no-store").extract();
        List<String> lines = List.of(created.asString().split("\r\n"));
        assertEquals("number,pin,faceValue,currency,expiresAt,validDays", lines.get(0));
        assertEquals(1001, lines.size());
        List<String> numbers = new ArrayList<>();
        Map<String, String> pinOf = new java.util.HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertTrue(CardNumbers.valid(cells[0]), cells[0]);
            assertTrue(cells[1].matches("[0-9]{8}"), cells[1]);
            assertEquals(List.of("100.000000", "BDT", "", "30"), List.of(cells).subList(2, 6));
            numbers.add(cells[0]);
            pinOf.put(cells[0], cells[1]);
        }
        assertEquals(1000, new java.util.HashSet<>(numbers).size(), "numbers unique");
        assertEquals(1000, new java.util.HashSet<>(pinOf.values()).size(), "PINs unique in the batch");
        // Not sequential nor any fixed stride: the gaps between consecutive cards are all different
        // (a counter or a linear generator repeats them), and every position's digits are spread.
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < numbers.size(); i++) {
            gaps.add(Long.parseLong(numbers.get(i).substring(0, 15)) - Long.parseLong(numbers.get(i - 1).substring(0, 15)));
        }
        assertEquals(gaps.size(), new java.util.HashSet<>(gaps).size(), "no two gaps alike");
        for (int position = 1; position < 15; position++) {
            int[] seen = new int[10];
            for (String number : numbers) {
                seen[number.charAt(position) - '0']++;
            }
            for (int digit = 0; digit < 10; digit++) {
                assertTrue(seen[digit] > 50 && seen[digit] < 150, "digit " + digit + " at " + position + ": " + seen[digit]);
            }
        }

        String batchId = created.header("Location").replaceAll(".*batchId=", "");
        assertEquals(1000, count("SELECT count(*) FROM phone_card WHERE batch_id = '" + batchId + "'"));
        String first = numbers.get(0);
        String hash = queryOne("SELECT pin_hash FROM phone_card WHERE number = '" + first + "'");
        assertFalse(hash.contains(pinOf.get(first)));
        assertTrue(PinHasher.matches(pinOf.get(first), hash), "the PIN is kept only as its PBKDF2 hash");
        assertEquals("1000:100000.000000", queryOne("SELECT count(*) || ':' || sum(e.amount) FROM ledger_entry e "
                + "JOIN phone_card k ON k.account_id = e.account_id WHERE k.batch_id = '" + batchId
                + "' AND e.kind = 'PAYMENT'"), "each card's face value is a ledger entry");

        as(seed.wholesaleKey).header("Idempotency-Key", key).body(body)
                .post("/api/v1/accounts/" + seed.dhaka + "/phone-card-batches").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "batch-already-created"));
        as(seed.wholesaleKey).header("Idempotency-Key", key).body(Map.of("cards", 2, "faceValue", "100"))
                .post("/api/v1/accounts/" + seed.dhaka + "/phone-card-batches").then().statusCode(422)
                .body("type", equalTo(PROBLEM + "idempotency-key-reused"));
        assertEquals(1000, count("SELECT count(*) FROM phone_card WHERE batch_id IN (SELECT id FROM phone_card_batch"
                + " WHERE owner_id = '" + seed.dhaka + "')"), "a retry makes no second batch");

        as(seed.wholesaleKey).get("/api/v1/phone-cards?batchId=" + batchId + "&number=" + first).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].number", equalTo(first))
                .body("items[0].status", equalTo("NEW")).body("items[0].ownerId", equalTo(seed.dhaka))
                .body("items[0].balance.available", equalTo("100.000000")).body("items[0].validDays", equalTo(30))
                .body("items[0].pin", nullValue()).body("items[0].pinHash", nullValue());
        as(seed.wholesaleKey).get("/api/v1/phone-cards?batchId=" + batchId + "&size=1").then().body("total", equalTo(1000));
        as(ADMIN_KEY).get("/api/v1/accounts/" + seed.dhaka).then().body("category", equalTo("AGENT"));
        as(ADMIN_KEY).get("/api/v1/accounts/" + seed.dhaka + "/sub-accounts").then().body("total", equalTo(1));
    }

    @Test
    void phoneCardsAreScopedToTheAgentsSubtreeAndNeedTheAuthorization() {
        Seed seed = seed();
        as(seed.dhakaKey).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("cards", 1, "faceValue", "5")).post("/api/v1/accounts/" + seed.customer
                        + "/phone-card-batches").then().statusCode(403)
                .body("type", equalTo(PROBLEM + "missing-authorization"));
        String card = firstCard(seed.wholesaleKey, seed.customer, Map.of("cards", 1, "faceValue", "5"));
        as(seed.dhakaKey).get("/api/v1/phone-cards/" + card).then().statusCode(403);
        as(seed.dhakaKey).get("/api/v1/phone-cards").then().statusCode(403);

        String other = createAs(ADMIN_KEY, Map.of("name", seed.prefix + "Other-Agent", "currency", "BDT"));
        as(ADMIN_KEY).body(Map.of("authorizations", BD_WHOLESALE)).put("/api/v1/accounts/" + other
                + "/authorizations").then().statusCode(200);
        String otherKey = issueKey(ADMIN_KEY, other);
        as(otherKey).get("/api/v1/phone-cards/" + card).then().statusCode(404).body("type", equalTo(PROBLEM + "not-found"));
        as(otherKey).post("/api/v1/phone-cards/" + card + "/block").then().statusCode(404);
        as(otherKey).header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("amount", "5"))
                .post("/api/v1/phone-cards/" + card + "/recharges").then().statusCode(404);
        as(otherKey).get("/api/v1/phone-cards?ownerId=" + seed.customer).then().statusCode(404);
        as(otherKey).get("/api/v1/phone-cards").then().statusCode(200).body("total", equalTo(0));
        as(otherKey).header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("cards", 1, "faceValue", "5"))
                .post("/api/v1/accounts/" + seed.customer + "/phone-card-batches").then().statusCode(404);
        as(seed.wholesaleKey).get("/api/v1/phone-cards").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].id", equalTo(card));

        // A card is no account: it is neither reached as one nor counted as a sub-account.
        as(ADMIN_KEY).get("/api/v1/accounts/" + card).then().statusCode(404);
        as(ADMIN_KEY).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("kind", "PAYMENT", "amount", "5")).post("/api/v1/accounts/" + card + "/payments")
                .then().statusCode(404);
        as(ADMIN_KEY).get("/api/v1/accounts/" + seed.customer).then().body("category", equalTo("ACCOUNT"));
        as(ADMIN_KEY).delete("/api/v1/accounts/" + seed.customer).then().statusCode(409)
                .body("type", equalTo(PROBLEM + "has-phone-cards"));
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("cards", 0, "faceValue", "5"),
                Map.<String, Object>of("cards", 10_001, "faceValue", "5"), Map.<String, Object>of("cards", 1, "faceValue", "0"),
                Map.<String, Object>of("cards", 1, "faceValue", "5", "validDays", 3, "expiresAt", "2099-01-01T00:00:00Z"))) {
            as(seed.wholesaleKey).header("Idempotency-Key", UUID.randomUUID().toString()).body(bad)
                    .post("/api/v1/accounts/" + seed.customer + "/phone-card-batches").then().statusCode(400);
        }
    }

    @Test
    void aCardIsBlockedRechargedIdempotentlyUsedUpAndExpires() {
        Seed seed = seed();
        String card = firstCard(seed.wholesaleKey, seed.dhaka, Map.of("cards", 1, "faceValue", "5"));
        String key = UUID.randomUUID().toString();
        as(seed.wholesaleKey).header("Idempotency-Key", key).body(Map.of("amount", "10"))
                .post("/api/v1/phone-cards/" + card + "/recharges").then().statusCode(201)
                .body("entry.kind", equalTo("PAYMENT")).body("balance.balance", equalTo("15.000000"))
                .body("replayed", equalTo(false));
        as(seed.wholesaleKey).header("Idempotency-Key", key).body(Map.of("amount", "10"))
                .post("/api/v1/phone-cards/" + card + "/recharges").then().statusCode(200)
                .body("balance.balance", equalTo("15.000000")).body("replayed", equalTo(true));
        as(seed.wholesaleKey).header("Idempotency-Key", key).body(Map.of("amount", "11"))
                .post("/api/v1/phone-cards/" + card + "/recharges").then().statusCode(422)
                .body("type", equalTo(PROBLEM + "idempotency-key-reused"));
        as(seed.wholesaleKey).get("/api/v1/phone-cards/" + card).then().body("balance.balance", equalTo("15.000000"));

        as(seed.wholesaleKey).post("/api/v1/phone-cards/" + card + "/block").then().statusCode(200)
                .body("status", equalTo("BLOCKED"));
        as(seed.wholesaleKey).post("/api/v1/phone-cards/" + card + "/unblock").then().statusCode(200)
                .body("status", equalTo("NEW"));

        // Settled like an account: the card's whole balance charged leaves it used up.
        grpc().settleCharge(SettleChargeRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                .setSessionId("s").setAccountId(card).addCharges(amount(0, card, "15")).build());
        as(seed.wholesaleKey).get("/api/v1/phone-cards/" + card).then().body("status", equalTo("USED_UP"))
                .body("balance.available", equalTo("0.000000"));

        Instant expiry = clock.instant().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String expiring = firstCard(seed.wholesaleKey, seed.dhaka, Map.of("cards", 1, "faceValue", "5",
                "expiresAt", expiry.toString()));
        as(seed.wholesaleKey).get("/api/v1/phone-cards/" + expiring).then().body("status", equalTo("NEW"))
                .body("expiresAt", equalTo(expiry.toString()));
        clock.step(Duration.ofDays(2));
        as(seed.wholesaleKey).get("/api/v1/phone-cards/" + expiring).then().body("status", equalTo("EXPIRED"));
        as(seed.wholesaleKey).header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("amount", "10"))
                .post("/api/v1/phone-cards/" + expiring + "/recharges").then().statusCode(422)
                .body("type", equalTo(PROBLEM + "card-expired"));

        GetAccountChainResponse chain = grpc().getAccountChain(GetAccountChainRequest.newBuilder()
                .setAccountId(card).build());
        assertEquals(List.of(card, seed.dhaka, seed.wholesale), chain.getLevelsList().stream()
                .map(io.ringback.proto.common.v1.ChainLevel::getAccountId).toList(), "a card's chain is its owner's");
    }

    @Test
    void cardsAreListedByTheirStatusNowPagedInTheDatabase() {
        Seed seed = seed();
        pay(seed.customer, "100");
        pay(seed.dhaka, "100");
        pay(seed.wholesale, "100");
        String list = "/api/v1/phone-cards?ownerId=" + seed.customer;
        List<String[]> fresh = batch(seed.wholesaleKey, seed.customer, Map.of("cards", 2, "faceValue", "5"));
        String blocked = firstCard(seed.wholesaleKey, seed.customer, Map.of("cards", 1, "faceValue", "5"));
        as(seed.wholesaleKey).post("/api/v1/phone-cards/" + blocked + "/block").then().statusCode(200);
        String usedUp = firstCard(seed.wholesaleKey, seed.customer, Map.of("cards", 1, "faceValue", "5"));
        charge(usedUp, "5");
        String[] oneDay = batch(seed.wholesaleKey, seed.customer, Map.of("cards", 1, "faceValue", "5",
                "validDays", 1)).get(0);
        VerifyPinRequest login = VerifyPinRequest.newBuilder().setCallerNumber("8801911" + digits(6))
                .setCardNumber(oneDay[0]).setPin(oneDay[1]).setCallbackServiceId("svc-1").build();
        String expiring = grpc().verifyPin(login).getAccountId();
        as(seed.wholesaleKey).get(list + "&status=ACTIVE").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].id", equalTo(expiring));
        clock.step(Duration.ofDays(1));
        // A card held whole by an open reservation has nothing available: used up while it is held.
        String[] held = batch(seed.wholesaleKey, seed.customer, Map.of("cards", 1, "faceValue", "5")).get(0);
        String active = grpc().verifyPin(login.toBuilder().setCardNumber(held[0]).setPin(held[1]).build())
                .getAccountId();
        as(seed.wholesaleKey).get(list + "&status=ACTIVE").then().body("total", equalTo(1))
                .body("items[0].id", equalTo(active));
        ReserveFundsResponse hold = grpc().reserveFunds(ReserveFundsRequest.newBuilder().setSessionId("s-held")
                .setIdempotencyKey(UUID.randomUUID().toString()).setAccountId(active)
                .addAmounts(amount(0, active, "5")).build());
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, hold.getResult());

        as(seed.wholesaleKey).get(list + "&status=NEW&size=1").then().statusCode(200).body("total", equalTo(2))
                .body("items.size()", equalTo(1)).body("items[0].status", equalTo("NEW"));
        as(seed.wholesaleKey).get(list + "&status=NEW&number=" + fresh.get(1)[0]).then().body("total", equalTo(1))
                .body("items[0].number", equalTo(fresh.get(1)[0]));
        as(seed.wholesaleKey).get(list + "&status=BLOCKED").then().body("total", equalTo(1))
                .body("items[0].id", equalTo(blocked)).body("items[0].status", equalTo("BLOCKED"));
        as(seed.wholesaleKey).get(list + "&status=USED_UP").then().body("total", equalTo(2))
                .body("items.id", containsInAnyOrder(usedUp, active));
        as(seed.wholesaleKey).get(list + "&status=EXPIRED").then().body("total", equalTo(1))
                .body("items[0].id", equalTo(expiring)).body("items[0].status", equalTo("EXPIRED"));
        as(seed.wholesaleKey).get(list + "&status=ACTIVE").then().body("total", equalTo(0));
        as(seed.wholesaleKey).get(list).then().body("total", equalTo(6));
        grpc().releaseFunds(ReleaseFundsRequest.newBuilder().setReservationId(hold.getReservationId()).build());
        as(seed.wholesaleKey).get(list + "&status=ACTIVE").then().body("total", equalTo(1))
                .body("items[0].id", equalTo(active));
        as(seed.wholesaleKey).get(list + "&status=used").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
    }

    @Test
    void aBatchChoosesItsCardsCurrencyWhenItsRatePlanPricesIt() {
        Seed seed = seed();
        String batches = "/api/v1/accounts/" + seed.customer + "/phone-card-batches";
        as(seed.wholesaleKey).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("cards", 1, "faceValue", "5", "currency", "USD")).post(batches).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("currency"));
        as(seed.wholesaleKey).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("cards", 1, "faceValue", "5", "currency", "usd")).post(batches).then().statusCode(400)
                .body("type", equalTo(PROBLEM + "invalid-currency"));
        String bdtPlan = RatingDouble.ratePlan("BDT", UUID.fromString(seed.customer));
        as(seed.wholesaleKey).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("cards", 1, "faceValue", "5", "currency", "USD", "rateTableId", bdtPlan)).post(batches)
                .then().statusCode(422).body("type", equalTo(PROBLEM + "rate-plan-currency"))
                .body("errors[0].field", equalTo("rateTableId"));
        as(seed.wholesaleKey).get("/api/v1/phone-cards?ownerId=" + seed.customer).then().body("total", equalTo(0));

        String usdPlan = RatingDouble.ratePlan("USD", UUID.fromString(seed.customer));
        String[] printed = batch(seed.wholesaleKey, seed.customer, Map.of("cards", 1, "faceValue", "5",
                "currency", "USD", "rateTableId", usdPlan)).get(0);
        assertEquals("5.000000,USD", printed[2] + "," + printed[3]);
        as(seed.wholesaleKey).get("/api/v1/phone-cards?ownerId=" + seed.customer).then().body("total", equalTo(1))
                .body("items[0].currency", equalTo("USD")).body("items[0].rateTableId", equalTo(usdPlan))
                .body("items[0].balance.balance", equalTo("5.000000"));
        String[] owners = batch(seed.wholesaleKey, seed.customer, Map.of("cards", 1, "faceValue", "5")).get(0);
        assertEquals("BDT", owners[3], "no currency: the owner's");
        String ownersCard = as(seed.wholesaleKey).get("/api/v1/phone-cards?number=" + owners[0]).then()
                .body("items[0].currency", equalTo("BDT")).body("items[0].rateTableId", nullValue())
                .extract().path("items[0].id");
        GetAccountChainResponse chain = grpc().getAccountChain(GetAccountChainRequest.newBuilder()
                .setAccountId(ownersCard).build());
        assertEquals(List.of(seed.customerPlan, seed.customerPlan), List.of(chain.getLevels(0).getRateTableId(),
                chain.getLevels(1).getRateTableId()), "a card without a plan of its own is priced on its owner's");
        // So the owner keeps its currency while it has cards (it has no ledger of its own here).
        String ownerUsdPlan = RatingDouble.ratePlan("USD", UUID.fromString(seed.dhaka));
        as(ADMIN_KEY).body(Map.of("currency", "USD", "rateTableId", ownerUsdPlan)).patch("/api/v1/accounts/"
                + seed.customer).then().statusCode(409).body("type", equalTo(PROBLEM + "currency-locked"));
        as(ADMIN_KEY).get("/api/v1/accounts/" + seed.customer).then().body("currency", equalTo("BDT"));
    }

    @Test
    void aCardLogsInIsBilledAlongItsOwnersChainRunsOutAtItsMaximumAndIsRefusedUsedUp() {
        Seed seed = seed();
        pay(seed.dhaka, "100");
        pay(seed.wholesale, "100");
        // The chain's plans as rating holds them (the quote and the prices are rating-core's own
        // rules): the card buys on a plan Dhaka sells, Dhaka on BD-Wholesale's, BD-Wholesale on
        // the platform's. Per minute, leg A (the callback to a Bangladeshi mobile) + leg B (the UK).
        String cardPlan = RatingDouble.ratePlan("BDT", UUID.fromString(seed.dhaka));
        String dhakaPlan = RatingDouble.ratePlan("BDT", UUID.fromString(seed.wholesale));
        String platformPlan = RatingDouble.ratePlan("BDT", null);
        as(ADMIN_KEY).body(Map.of("rateTableId", platformPlan)).patch("/api/v1/accounts/" + seed.wholesale).then()
                .statusCode(200);
        as(ADMIN_KEY).body(Map.of("rateTableId", dhakaPlan)).patch("/api/v1/accounts/" + seed.dhaka).then()
                .statusCode(200);
        Map<String, RateDeck> decks = Map.of(cardPlan, deck(cardPlan, "0.300000", "0.900000"),
                dhakaPlan, deck(dhakaPlan, "0.200000", "0.700000"),
                platformPlan, deck(platformPlan, "0.100000", "0.500000"));
        String[] printed = batch(seed.wholesaleKey, seed.dhaka, Map.of("cards", 1, "faceValue", "2.4",
                "rateTableId", cardPlan)).get(0);
        String caller = "8801911" + digits(6);
        String destination = "447700900123";
        VerifyPinRequest login = VerifyPinRequest.newBuilder().setCallerNumber(caller).setCardNumber(printed[0])
                .setPin(printed[1]).setMinimumBalance("0.500000").setCallbackServiceId("svc-1").setSessionId("s")
                .setRememberCaller(true).build();
        VerifyPinResponse ok = grpc().verifyPin(login);
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_OK, ok.getReason());
        assertTrue(ok.getValid());
        assertTrue(ok.getPhoneCard());
        String card = ok.getAccountId();
        as(seed.wholesaleKey).get("/api/v1/phone-cards/" + card).then().body("number", equalTo(printed[0]))
                .body("status", equalTo("ACTIVE")).body("callers", contains(caller));

        AuthorizeCallerRequest trigger = AuthorizeCallerRequest.newBuilder().setCallerNumber(caller)
                .setDid("8809610000000").setCallbackServiceId("svc-1").setMinimumBalance("0.500000")
                .setAllowUnregisteredWithPin(true).build();
        AuthorizeCallerResponse pinless = grpc().authorizeCaller(trigger);
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_OK, pinless.getReason(), "remembered: no PIN");
        assertEquals(card, pinless.getAccountId());
        assertTrue(pinless.getPhoneCard());
        assertFalse(pinless.getPinRequired());
        assertEquals("2.400000", pinless.getAvailable());
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_CALLER_NOT_REGISTERED, grpc().authorizeCaller(
                trigger.toBuilder().setAllowUnregisteredWithPin(false).build()).getReason());

        // The quote, as rating computes it from the chain accounts answers: leg A has been up 15 s
        // (the IVR); 2.40 buys A(15 s + t) + B(t) for t = 105 s: A 120 s = 0.60, B 120 s = 1.80.
        GetAccountChainResponse chain = grpc().getAccountChain(GetAccountChainRequest.newBuilder().setAccountId(card)
                .setIncludeBalances(true).build());
        assertEquals(List.of(card, seed.dhaka, seed.wholesale), chain.getLevelsList().stream()
                .map(io.ringback.proto.common.v1.ChainLevel::getAccountId).toList());
        Quote quote = new Quoter(id -> java.util.Optional.ofNullable(decks.get(id))).quote(new QuoteRequest(
                chain.getLevelsList().stream().map(level -> new ChainLevel(level.getLevel(), level.getAccountId(),
                        level.getRateTableId(), level.getStatus() == io.ringback.proto.common.v1.AccountStatus.ACCOUNT_STATUS_ACTIVE,
                        level.getCurrency())).toList(),
                chain.getBalancesList().stream().map(b -> new java.math.BigDecimal(b.getAvailable())).toList(),
                caller, destination, io.ringback.rating.domain.CtdMode.STANDARD, "", 15_000, 0, 14_400,
                clock.instant()));
        assertEquals(QuoteOutcome.OK, quote.outcome());
        assertEquals(105, quote.maxDurationSeconds(), "the card's 2.40 is the limit, not its agents' 100");
        List<String> atMaximum = quote.levels().stream().map(l -> Money.format(l.maxDurationCharge())).toList();
        assertEquals(List.of("2.400000", "1.800000", "1.200000"), atMaximum);

        String session = "session-" + UUID.randomUUID();
        ReserveFundsResponse held = grpc().reserveFunds(ReserveFundsRequest.newBuilder().setSessionId(session)
                .setIdempotencyKey(session + ":1").setAccountId(card).addAmounts(amount(0, card, atMaximum.get(0)))
                .addAmounts(amount(1, seed.dhaka, atMaximum.get(1))).addAmounts(amount(2, seed.wholesale, atMaximum.get(2)))
                .build());
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, held.getResult(), "the whole card, no more");
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_INSUFFICIENT_FUNDS, grpc().reserveFunds(
                ReserveFundsRequest.newBuilder().setSessionId("other").setIdempotencyKey(UUID.randomUUID().toString())
                        .setAccountId(card).addAmounts(amount(0, card, "0.000001")).build()).getResult());

        // The destination talks on; the call is cut at the quoted maximum: leg B 105 s, leg A 120 s.
        // Each leg's CDR is priced by rating-core's Pricing on each level's plan and settled.
        List<String> legA = new ArrayList<>();
        List<String> legB = new ArrayList<>();
        for (LevelQuote level : quote.levels()) {
            legA.add(Money.format(Pricing.price(level.legARate().row(), 120_000).charge()));
            legB.add(Money.format(Pricing.price(level.legBRate().row(), 105_000).charge()));
        }
        assertEquals(List.of("0.600000", "0.400000", "0.200000"), legA);
        assertEquals(List.of("1.800000", "1.400000", "1.000000"), legB);
        for (List<String> leg : List.of(legA, legB)) {
            grpc().settleCharge(SettleChargeRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                    .setReservationId(held.getReservationId()).setSessionId(session).setAccountId(card)
                    .addCharges(amount(0, card, leg.get(0))).addCharges(amount(1, seed.dhaka, leg.get(1)))
                    .addCharges(amount(2, seed.wholesale, leg.get(2))).setReleaseRemainder(leg == legB).build());
        }
        as(seed.wholesaleKey).get("/api/v1/phone-cards/" + card).then().body("status", equalTo("USED_UP"))
                .body("balance.balance", equalTo("0.000000")).body("balance.reserved", equalTo("0.000000"));
        balance(seed.dhaka, "98.200000", "0.000000", "98.200000");
        balance(seed.wholesale, "98.800000", "0.000000", "98.800000");

        VerifyPinResponse usedUp = grpc().verifyPin(login);
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_CARD_USED_UP, usedUp.getReason());
        assertFalse(usedUp.getValid());
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_PIN_LOGIN, grpc().authorizeCaller(trigger)
                .getReason(), "a used-up card no longer lets its number in without a PIN");
    }

    /** A BDT rate plan with one leg A row (Bangladeshi mobiles) and one leg B row (the UK), 60/60 increments. */
    private static RateDeck deck(String id, String legAPerMinute, String legBPerMinute) {
        PrefixIndex.Builder rows = PrefixIndex.builder();
        rows.add(RateRow.of("88019", "Bangladesh mobile", legAPerMinute, "0.000000", 60, 60), 1);
        rows.add(RateRow.of("44", "United Kingdom", legBPerMinute, "0.000000", 60, 60), 2);
        return new RateDeck(new RateTable(id, id, TableKind.CUSTOMER, "BDT", 1), rows.build());
    }

    @Test
    void wrongPinsLockACardBlockedAndExpiredCardsAreRefusedAndValidDaysStartAtTheFirstUse() {
        Seed seed = seed();
        pay(seed.dhaka, "100");
        pay(seed.wholesale, "100");
        List<String[]> printed = batch(seed.wholesaleKey, seed.dhaka, Map.of("cards", 2, "faceValue", "5",
                "validDays", 1));
        VerifyPinRequest login = VerifyPinRequest.newBuilder().setCallerNumber("8801911" + digits(6))
                .setCardNumber(printed.get(0)[0]).setPin(printed.get(0)[1]).setCallbackServiceId("svc-1").build();
        String wrongPin = printed.get(0)[1].equals("00000000") ? "11111111" : "00000000";
        for (int left = 4; left >= 1; left--) {
            VerifyPinResponse wrong = grpc().verifyPin(login.toBuilder().setPin(wrongPin).build());
            assertEquals(VerifyPinReason.VERIFY_PIN_REASON_WRONG_PIN, wrong.getReason());
            assertEquals(left, wrong.getAttemptsLeft());
            assertEquals("", wrong.getAccountId());
        }
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_LOCKED,
                grpc().verifyPin(login.toBuilder().setPin(wrongPin).build()).getReason());
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_LOCKED, grpc().verifyPin(login).getReason(),
                "locked: even the right PIN is refused");
        clock.step(config.pinLockDuration().plusSeconds(1));
        VerifyPinResponse ok = grpc().verifyPin(login);
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_OK, ok.getReason());
        String mistyped = printed.get(0)[0].substring(0, 15) + (char) ('0' + (printed.get(0)[0].charAt(15) - '0' + 1) % 10);
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_WRONG_PIN, grpc().verifyPin(login.toBuilder()
                .setCardNumber(mistyped).build()).getReason());

        as(seed.wholesaleKey).get("/api/v1/phone-cards/" + ok.getAccountId()).then().body("status", equalTo("ACTIVE"))
                .body("firstUsedAt", org.hamcrest.Matchers.notNullValue())
                .body("expiresAt", org.hamcrest.Matchers.notNullValue());
        clock.step(Duration.ofDays(1));
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_CARD_EXPIRED, grpc().verifyPin(login).getReason(),
                "valid for one day after its first use");
        String second = as(seed.wholesaleKey).get("/api/v1/phone-cards?number=" + printed.get(1)[0]).then()
                .body("items[0].status", equalTo("NEW")).extract().path("items[0].id");
        as(seed.wholesaleKey).post("/api/v1/phone-cards/" + second + "/block").then().statusCode(200);
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_CARD_BLOCKED, grpc().verifyPin(login.toBuilder()
                .setCardNumber(printed.get(1)[0]).setPin(printed.get(1)[1]).build()).getReason());
    }

    /** Generates a batch under {@code owner} and answers its printed rows: number, PIN, face value... */
    private static List<String[]> batch(String key, String owner, Map<String, Object> body) {
        String csv = as(key).header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .post("/api/v1/accounts/" + owner + "/phone-card-batches").then().statusCode(201).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        return lines.subList(1, lines.size()).stream().map(line -> line.split(",", -1)).toList();
    }

    /** Generates a batch under {@code owner} and answers the id of its first card. */
    private static String firstCard(String key, String owner, Map<String, Object> body) {
        String location = as(key).header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .post("/api/v1/accounts/" + owner + "/phone-card-batches").then().statusCode(201).extract()
                .header("Location");
        return as(key).get(location).then().statusCode(200).extract().path("items[0].id");
    }

    /** Reserves {@code amount} on the customer alone, then settles it with the rest released. */
    private void settleCall(Seed seed, String amount) {
        ReserveFundsRequest request = reservation(seed, amount);
        ReserveFundsResponse reserved = grpc().reserveFunds(request);
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, reserved.getResult(), amount);
        grpc().settleCharge(SettleChargeRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                .setReservationId(reserved.getReservationId()).setSessionId(request.getSessionId())
                .setAccountId(seed.customer).addCharges(amount(0, seed.customer, amount)).setReleaseRemainder(true)
                .build());
    }

    private static ReserveFundsRequest reservation(Seed seed, String amount) {
        String session = "session-" + UUID.randomUUID();
        return ReserveFundsRequest.newBuilder().setIdempotencyKey(session + ":1").setSessionId(session)
                .setAccountId(seed.customer).addAmounts(amount(0, seed.customer, amount)).build();
    }

    @Test
    void aMalformedIdOrPageIsA400NamingTheParameter() {
        as(ADMIN_KEY).get("/api/v1/accounts/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "invalid-parameter"))
                .body("errors[0].field", equalTo("id")).body("detail", equalTo("id must be a UUID, got 'not-a-uuid'"));
        as(ADMIN_KEY).get("/api/v1/accounts?page=abc").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "invalid-parameter"))
                .body("errors[0].field", equalTo("page")).body("detail", equalTo("page must be a whole number, got 'abc'"));
    }

    @Test
    void anAccountsRatePlanIsATableOfRatingItMayBuyOn() throws SQLException {
        Seed seed = seed();
        long before = count("SELECT count(*) FROM account");
        String platformPlan = RatingDouble.ratePlan("BDT", null);
        String wholesalePlan = RatingDouble.ratePlan("BDT", UUID.fromString(seed.wholesale));
        String dhakaPlan = RatingDouble.ratePlan("BDT", UUID.fromString(seed.dhaka));
        String dhakaUsdPlan = RatingDouble.ratePlan("USD", UUID.fromString(seed.dhaka));
        String vendor = RatingDouble.vendorTable("BDT");

        // Free text, an unknown table, a vendor cost table, a plan in another currency: refused, naming the field.
        as(ADMIN_KEY).body(Map.of("name", "free text", "currency", "BDT", "rateTableId", "dhaka-retail"))
                .post("/api/v1/accounts").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "unknown-rate-table")).body("errors[0].field", equalTo("rateTableId"));
        as(ADMIN_KEY).body(Map.of("name", "vendor", "currency", "BDT", "rateTableId", vendor))
                .post("/api/v1/accounts").then().statusCode(422).body("type", equalTo(PROBLEM + "not-a-rate-plan"));
        as(ADMIN_KEY).body(Map.of("name", "usd", "currency", "USD", "rateTableId", platformPlan))
                .post("/api/v1/accounts").then().statusCode(422).body("type", equalTo(PROBLEM + "rate-plan-currency"));
        // A sub-account buys on its parent's plan, not the platform's nor a grandparent's.
        as(ADMIN_KEY).body(Map.of("name", "platform below", "parentId", seed.dhaka, "currency", "BDT",
                "rateTableId", platformPlan)).post("/api/v1/accounts").then().statusCode(422)
                .body("type", equalTo(PROBLEM + "rate-plan-not-buyable"));
        as(ADMIN_KEY).body(Map.of("name", "grandparent's", "parentId", seed.dhaka, "currency", "BDT",
                "rateTableId", wholesalePlan)).post("/api/v1/accounts").then().statusCode(422)
                .body("type", equalTo(PROBLEM + "rate-plan-not-buyable"));
        // For an agent a table it does not own does not exist: the vendor's, its parent's, the platform's.
        for (String hidden : List.of(vendor, wholesalePlan, platformPlan)) {
            as(seed.dhakaKey).body(Map.of("name", "hidden", "currency", "BDT", "rateTableId", hidden))
                    .post("/api/v1/accounts").then().statusCode(422).body("type", equalTo(PROBLEM + "unknown-rate-table"));
        }
        assertEquals(before, count("SELECT count(*) FROM account"), "nothing refused was stored");

        String top = createAs(ADMIN_KEY, Map.of("name", seed.prefix + "top", "currency", "BDT", "rateTableId", platformPlan));
        String customer = createAs(seed.dhakaKey, Map.of("name", seed.prefix + "c2", "currency", "BDT",
                "rateTableId", dhakaPlan));
        as(seed.dhakaKey).get("/api/v1/accounts/" + customer).then().body("rateTableId", equalTo(dhakaPlan));
        // A currency change must keep the plan's currency, or bring a plan in the new one.
        as(seed.dhakaKey).body(Map.of("currency", "USD")).patch("/api/v1/accounts/" + customer).then()
                .statusCode(422).body("type", equalTo(PROBLEM + "rate-plan-currency"));
        as(seed.dhakaKey).body(Map.of("currency", "USD", "rateTableId", dhakaUsdPlan)).patch("/api/v1/accounts/" + customer)
                .then().statusCode(200).body("currency", equalTo("USD")).body("rateTableId", equalTo(dhakaUsdPlan));

        // Rating asks how many accounts buy on a table before deleting it.
        assertEquals(1, grpc().ratePlanUsage(RatePlanUsageRequest.newBuilder().setRateTableId(platformPlan).build())
                .getAccounts());
        assertEquals(0, grpc().ratePlanUsage(RatePlanUsageRequest.newBuilder().setRateTableId(dhakaPlan).build())
                .getAccounts());
        as(ADMIN_KEY).body(Map.of("rateTableId", "")).patch("/api/v1/accounts/" + top).then().statusCode(200)
                .body("rateTableId", nullValue());
        assertEquals(0, grpc().ratePlanUsage(RatePlanUsageRequest.newBuilder().setRateTableId(platformPlan).build())
                .getAccounts());
        StatusRuntimeException stranger = assertThrows(StatusRuntimeException.class, () -> grpcWith(null)
                .ratePlanUsage(RatePlanUsageRequest.newBuilder().setRateTableId(platformPlan).build()));
        assertEquals(Status.Code.UNAUTHENTICATED, stranger.getStatus().getCode());

        // Rating down: the plan cannot be checked, so nothing changes (503), and a change without a plan still works.
        RatingDouble.unavailable(true);
        try {
            as(seed.dhakaKey).body(Map.of("rateTableId", dhakaUsdPlan)).patch("/api/v1/accounts/" + customer).then()
                    .statusCode(503).body("type", equalTo(PROBLEM + "rating-unavailable"));
            as(seed.dhakaKey).body(Map.of("name", seed.prefix + "c2 renamed")).patch("/api/v1/accounts/" + customer)
                    .then().statusCode(200);
        } finally {
            RatingDouble.unavailable(false);
        }
    }

    @Test
    void theSubtreeOfADeepAndWideTreeComesBackWhole() throws SQLException {
        String prefix = "deep" + digits(6) + "-";
        String root = createAs(ADMIN_KEY, Map.of("name", prefix + "root"));
        String parent = root;
        List<String> chain = new ArrayList<>();
        for (int depth = 1; depth <= 30; depth++) {
            parent = createAs(ADMIN_KEY, Map.of("name", prefix + "level-" + depth, "parentId", parent));
            chain.add(parent);
        }
        for (int i = 0; i < 40; i++) {
            createAs(ADMIN_KEY, Map.of("name", prefix + "wide-" + (100 + i), "parentId", chain.get(0)));
        }
        as(ADMIN_KEY).get("/api/v1/accounts/" + root + "/sub-accounts?scope=all&size=500").then().statusCode(200)
                .body("total", equalTo(70)).body("items.size()", equalTo(70))
                .body("items.find { it.name == '" + prefix + "level-30' }.depth", equalTo(30))
                .body("items.findAll { it.depth == 2 }.size()", equalTo(41));
        as(ADMIN_KEY).get("/api/v1/accounts/" + chain.get(0) + "/sub-accounts?scope=direct&page=1&size=20").then()
                .body("total", equalTo(41)).body("items.size()", equalTo(20));
        String deepest = "children[0]" + ".children.find { it.name.contains('level') }".repeat(29);
        as(ADMIN_KEY).get("/api/v1/accounts/" + root + "/tree").then().statusCode(200)
                .body("children[0].children.size()", equalTo(41))
                .body(deepest + ".name", equalTo(prefix + "level-30"))
                .body(deepest + ".category", equalTo("ACCOUNT"));
        assertEquals(chain.get(28), queryOne("SELECT parent_id::text FROM account WHERE id = '" + chain.get(29) + "'"));
    }

    @Test
    void aMovedSubtreeKeepsOnlyWhatItsNewParentHolds() {
        Seed seed = seed();
        String smallAgent = createAs(seed.wholesaleKey, Map.of("name", seed.prefix + "Sylhet-Sub"));
        as(seed.wholesaleKey).body(Map.of("authorizations", List.of("MANAGE_PHONES")))
                .put("/api/v1/accounts/" + smallAgent + "/authorizations").then().statusCode(200);

        as(seed.wholesaleKey).body(Map.of("parentId", smallAgent)).patch("/api/v1/accounts/" + seed.dhaka)
                .then().statusCode(200).body("parentId", equalTo(smallAgent));
        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.dhaka + "/authorizations").then()
                .body("authorizations", contains("MANAGE_PHONES"));
        as(seed.wholesaleKey).get("/api/v1/accounts/" + smallAgent + "/tree").then()
                .body("children[0].children[0].name", equalTo(seed.prefix + "Customer-001"));
    }

    // --- isolation --------------------------------------------------------------------------

    @Test
    void agentACannotReadChangeOrPayAnythingOfAgentB() throws SQLException {
        Seed a = seed();
        Seed b = seed();
        String bPhone = "8801811" + digits(6);
        as(b.dhakaKey).body(Map.of("number", bPhone)).post("/api/v1/accounts/" + b.customer + "/phones").then()
                .statusCode(201);
        String ledgerBefore = ledgerFingerprint();
        String accountsBefore = queryOne("SELECT string_agg(id::text || name || coalesce(parent_id::text, '') || status,"
                + " ',' ORDER BY id) FROM account");

        String[] bIds = {b.wholesale, b.dhaka, b.customer};
        for (String id : bIds) {
            String path = "/api/v1/accounts/" + id;
            for (String read : List.of("", "/sub-accounts", "/tree", "/authorizations", "/number-limits", "/phones",
                    "/balance", "/ledger", "/number-limits/check?number=8801711000001")) {
                as(a.wholesaleKey).get(path + read).then().statusCode(404)
                        .body("type", equalTo(PROBLEM + "not-found"));
            }
            as(a.wholesaleKey).body(Map.of("name", "hijacked")).patch(path).then().statusCode(404);
            as(a.wholesaleKey).delete(path).then().statusCode(404);
            as(a.wholesaleKey).header("Idempotency-Key", "steal-" + id)
                    .body(Map.of("kind", "PAYMENT", "amount", "5")).post(path + "/payments").then().statusCode(404);
            as(a.wholesaleKey).body(Map.of("authorizations", List.of())).put(path + "/authorizations").then()
                    .statusCode(404);
            as(a.wholesaleKey).body(Map.of("deny", List.of("1"))).put(path + "/number-limits").then().statusCode(404);
            as(a.wholesaleKey).body(Map.of("number", "+4477009" + digits(5))).post(path + "/phones").then()
                    .statusCode(404);
            as(a.wholesaleKey).post(path + "/api-keys").then().statusCode(404);
            as(a.wholesaleKey).delete(path + "/api-keys").then().statusCode(404);
        }
        as(a.wholesaleKey).get("/api/v1/accounts/" + b.customer + "/phones/" + bPhone).then().statusCode(404);
        as(a.wholesaleKey).delete("/api/v1/accounts/" + b.customer + "/phones/" + bPhone).then().statusCode(404);
        // Nor can A plant an account in B's tree, or move its own into it.
        as(a.wholesaleKey).body(Map.of("name", "spy", "parentId", b.dhaka)).post("/api/v1/accounts").then()
                .statusCode(422).body("type", equalTo(PROBLEM + "unknown-parent"));
        as(a.wholesaleKey).body(Map.of("parentId", b.dhaka)).patch("/api/v1/accounts/" + a.customer).then()
                .statusCode(422);
        // An agent does not change its own account either (its credit limit, its rights).
        as(a.wholesaleKey).body(Map.of("creditLimit", "1000000")).patch("/api/v1/accounts/" + a.wholesale).then()
                .statusCode(403).body("type", equalTo(PROBLEM + "own-account"));
        as(a.dhakaKey).body(Map.of("authorizations", BD_WHOLESALE)).put("/api/v1/accounts/" + a.dhaka
                + "/authorizations").then().statusCode(403);

        assertEquals(ledgerBefore, ledgerFingerprint());
        assertEquals(accountsBefore, queryOne("SELECT string_agg(id::text || name || coalesce(parent_id::text, '')"
                + " || status, ',' ORDER BY id) FROM account"));
        assertEquals(bPhone, queryOne("SELECT number FROM phone WHERE account_id = '" + b.customer + "'"));
    }

    @Test
    void anAgentsNewAccountLandsInsideItsSubtree() {
        Seed seed = seed();
        String created = createAs(seed.dhakaKey, Map.of("name", seed.prefix + "Customer-002"));
        as(seed.dhakaKey).get("/api/v1/accounts/" + created).then().body("parentId", equalTo(seed.dhaka));
        String deeper = createAs(seed.dhakaKey, Map.of("name", seed.prefix + "Customer-003", "parentId", seed.customer));
        as(seed.dhakaKey).get("/api/v1/accounts/" + deeper).then().body("parentId", equalTo(seed.customer));
        // Customer-001's holder has no authorizations at all.
        String customerKey = issueKey(seed.dhakaKey, seed.customer);
        as(customerKey).body(Map.of("name", "nope")).post("/api/v1/accounts").then().statusCode(403)
                .body("detail", equalTo("this operation needs the authorization MANAGE_ACCOUNTS, which your account"
                        + " does not hold"));
    }

    @Test
    void aRevokedKeyNoLongerAuthenticates() {
        Seed seed = seed();
        String key = issueKey(seed.wholesaleKey, seed.customer);
        as(key).get("/api/v1/accounts/" + seed.customer).then().statusCode(200);
        List<String> keyIds = as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.customer + "/api-keys").then()
                .statusCode(200).body("total", equalTo(1)).body("items.key", contains((String) null)).extract().path("items.id");
        as(seed.wholesaleKey).delete("/api/v1/accounts/" + seed.customer + "/api-keys/" + keyIds.get(0)).then()
                .statusCode(200).body("revoked", equalTo(1));
        as(key).get("/api/v1/accounts/" + seed.customer).then().statusCode(401);
        as(seed.wholesaleKey).delete("/api/v1/accounts/" + seed.dhaka + "/api-keys").then().statusCode(200)
                .body("revoked", equalTo(1));
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.dhaka).then().statusCode(401);
    }

    // --- number limits ----------------------------------------------------------------------

    @Test
    void numberLimitsAreInheritedDownTheTreeAndNameTheRefusingAccount() {
        Seed seed = seed();
        as(ADMIN_KEY).body(Map.of("deny", List.of("1900"))).put("/api/v1/accounts/" + seed.wholesale
                + "/number-limits").then().statusCode(200).body("deny", contains("1900"));
        as(seed.wholesaleKey).body(Map.of("allow", List.of("+880", "1"))).put("/api/v1/accounts/" + seed.dhaka
                + "/number-limits").then().statusCode(200).body("allow", contains("1", "880"));
        as(seed.dhakaKey).body(Map.of("deny", List.of("88019"))).put("/api/v1/accounts/" + seed.customer
                + "/number-limits").then().statusCode(200);

        String check = "/api/v1/accounts/" + seed.customer + "/number-limits/check?number=";
        as(seed.dhakaKey).queryParam("number", "+1 900 555 1234")
                .get("/api/v1/accounts/" + seed.customer + "/number-limits/check").then().statusCode(200)
                .body("number", equalTo("19005551234")).body("allowed", equalTo(false))
                .body("reason", equalTo("DENY_PREFIX")).body("refusedByAccountId", equalTo(seed.wholesale))
                .body("matchedPrefix", equalTo("1900"));
        as(seed.dhakaKey).get(check + "447700900123").then().body("allowed", equalTo(false))
                .body("reason", equalTo("NOT_IN_ALLOW_LIST")).body("refusedByAccountId", equalTo(seed.dhaka));
        as(seed.dhakaKey).get(check + "8801911000001").then().body("allowed", equalTo(false))
                .body("refusedByAccountId", equalTo(seed.customer)).body("matchedPrefix", equalTo("88019"));
        as(seed.dhakaKey).get(check + "8801711000001").then().body("allowed", equalTo(true))
                .body("reason", equalTo("ALLOWED"));
        as(seed.dhakaKey).get(check + "abc").then().statusCode(400).body("type", equalTo(PROBLEM + "invalid-number"));
        as(seed.wholesaleKey).body(Map.of("deny", List.of("19x"))).put("/api/v1/accounts/" + seed.dhaka
                + "/number-limits").then().statusCode(400).body("type", equalTo(PROBLEM + "invalid-prefix"));
        as(seed.wholesaleKey).get("/api/v1/accounts/" + seed.dhaka + "/number-limits").then()
                .body("allow", contains("1", "880")).body("deny.size()", equalTo(0));

        CheckDestinationResponse refused = grpc().checkDestination(CheckDestinationRequest.newBuilder()
                .setAccountId(seed.customer).setNumber("19005551234").build());
        assertEquals(CheckDestinationResponse.newBuilder().setAllowed(false)
                .setReason(DestinationCheckReason.DESTINATION_CHECK_REASON_DENY_PREFIX)
                .setRefusedByAccountId(seed.wholesale).setMatchedPrefix("1900").build(), refused);
        assertTrue(grpc().checkDestination(CheckDestinationRequest.newBuilder().setAccountId(seed.customer)
                .setNumber("8801711000001").build()).getAllowed());
        assertEquals(DestinationCheckReason.DESTINATION_CHECK_REASON_ACCOUNT_NOT_FOUND, grpc().checkDestination(
                CheckDestinationRequest.newBuilder().setAccountId(UUID.randomUUID().toString())
                        .setNumber("8801711000001").build()).getReason());
        for (String malformed : List.of("", "88017ABC", "0171100000", "12345")) {
            assertEquals(CheckDestinationResponse.newBuilder().setAllowed(false)
                    .setReason(DestinationCheckReason.DESTINATION_CHECK_REASON_INVALID_NUMBER).build(),
                    grpc().checkDestination(CheckDestinationRequest.newBuilder().setAccountId(seed.customer)
                            .setNumber(malformed).build()), malformed);
        }
    }

    // --- phones -----------------------------------------------------------------------------

    @Test
    void phonesAreNormalizedUniquePlatformWideAndTheirPinsHashed() throws SQLException {
        Seed seed = seed();
        String local = "1711" + digits(6);
        as(seed.dhakaKey).body(Map.of("number", "+880 " + local.substring(0, 4) + "-" + local.substring(4),
                "pin", "4321")).post("/api/v1/accounts/" + seed.customer + "/phones").then().statusCode(201)
                .body("number", equalTo("880" + local)).body("pinSet", equalTo(true))
                .body("accountId", equalTo(seed.customer));
        String other = createAs(seed.dhakaKey, Map.of("name", seed.prefix + "Customer-002"));
        long phonesBefore = count("SELECT count(*) FROM phone");
        as(seed.dhakaKey).body(Map.of("number", "880" + local)).post("/api/v1/accounts/" + other + "/phones").then()
                .statusCode(409).body("type", equalTo(PROBLEM + "phone-taken"));
        as(seed.dhakaKey).body(Map.of("number", "call me")).post("/api/v1/accounts/" + other + "/phones").then()
                .statusCode(400).body("type", equalTo(PROBLEM + "invalid-number"));
        as(seed.dhakaKey).body(Map.of("number", "+88017" + digits(8), "pin", "12")).post("/api/v1/accounts/"
                + other + "/phones").then().statusCode(400).body("type", equalTo(PROBLEM + "invalid-pin"));
        assertEquals(phonesBefore, count("SELECT count(*) FROM phone"));

        String stored = queryOne("SELECT pin_hash FROM phone WHERE number = '880" + local + "'");
        assertTrue(stored.startsWith("pbkdf2-sha256$1000$"), stored);
        assertFalse(stored.contains("4321"));

        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer + "/phones").then().statusCode(200)
                .body("items.number", contains("880" + local)).body("total", equalTo(1));
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer + "/phones/+880" + local).then().statusCode(200);
        as(seed.dhakaKey).get("/api/v1/accounts/" + other + "/phones/880" + local).then().statusCode(404);
        as(seed.dhakaKey).delete("/api/v1/accounts/" + seed.customer + "/phones/880" + local).then().statusCode(204);
        as(seed.dhakaKey).body(Map.of("number", "880" + local)).post("/api/v1/accounts/" + other + "/phones").then()
                .statusCode(201);
    }

    // --- payments, balance, ledger ----------------------------------------------------------

    @Test
    void paymentsAreLedgerEntriesIdempotentByKey() throws SQLException {
        Seed seed = seed();
        String payments = "/api/v1/accounts/" + seed.customer + "/payments";
        as(seed.dhakaKey).header("Idempotency-Key", "bss-tx-1")
                .body(Map.of("kind", "PAYMENT", "amount", "100.5", "description", "bKash top-up")).post(payments)
                .then().statusCode(201).body("replayed", equalTo(false)).body("entry.kind", equalTo("PAYMENT"))
                .body("entry.amount", equalTo("100.500000")).body("balance.balance", equalTo("100.500000"))
                .body("balance.available", equalTo("100.500000"));
        as(seed.dhakaKey).header("Idempotency-Key", "bss-tx-1")
                .body(Map.of("kind", "PAYMENT", "amount", "100.500000", "description", "bKash top-up")).post(payments)
                .then().statusCode(200).body("replayed", equalTo(true)).body("balance.balance", equalTo("100.500000"));
        as(seed.dhakaKey).header("Idempotency-Key", "bss-tx-2")
                .body(Map.of("kind", "REFUND", "amount", "0.5")).post(payments).then().statusCode(201)
                .body("entry.amount", equalTo("-0.500000")).body("balance.balance", equalTo("100.000000"));
        as(ADMIN_KEY).header("Idempotency-Key", "ops-7")
                .body(Map.of("kind", "ADJUSTMENT", "amount", "-0.25")).post(payments).then().statusCode(201);

        String ledgerBefore = ledgerFingerprint();
        as(seed.dhakaKey).header("Idempotency-Key", "adj").body(Map.of("kind", "ADJUSTMENT", "amount", "50"))
                .post(payments).then().statusCode(403).body("type", equalTo(PROBLEM + "adjustment-admin-only"));
        as(seed.dhakaKey).header("Idempotency-Key", "bss-tx-1")
                .body(Map.of("kind", "PAYMENT", "amount", "200", "description", "bKash top-up")).post(payments)
                .then().statusCode(422).body("type", equalTo(PROBLEM + "idempotency-key-reused"));
        as(seed.dhakaKey).body(Map.of("kind", "PAYMENT", "amount", "1")).post(payments).then().statusCode(400)
                .body("type", equalTo(PROBLEM + "idempotency-key-required"));
        as(seed.dhakaKey).header("Idempotency-Key", "neg").body(Map.of("kind", "PAYMENT", "amount", "-5"))
                .post(payments).then().statusCode(400).body("type", equalTo(PROBLEM + "invalid-amount"));
        as(seed.dhakaKey).header("Idempotency-Key", "nan").body(Map.of("kind", "PAYMENT", "amount", "five"))
                .post(payments).then().statusCode(400).body("type", equalTo(PROBLEM + "invalid-amount"));
        as(seed.dhakaKey).header("Idempotency-Key", "charge").body(Map.of("kind", "CALL_CHARGE", "amount", "1"))
                .post(payments).then().statusCode(400).body("type", equalTo(PROBLEM + "invalid-payment-kind"));
        // Dhaka holds PAYMENT_FOR_SUB_ACCOUNTS but not PAYMENT_FOR_THIS_ACCOUNT.
        as(seed.dhakaKey).header("Idempotency-Key", "self").body(Map.of("kind", "PAYMENT", "amount", "1"))
                .post("/api/v1/accounts/" + seed.dhaka + "/payments").then().statusCode(403)
                .body("detail", equalTo("this operation needs the authorization PAYMENT_FOR_THIS_ACCOUNT, which your"
                        + " account does not hold"));
        assertEquals(ledgerBefore, ledgerFingerprint());

        as(seed.wholesaleKey).header("Idempotency-Key", "self").body(Map.of("kind", "PAYMENT", "amount", "1"))
                .post("/api/v1/accounts/" + seed.wholesale + "/payments").then().statusCode(201);
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer + "/balance").then().statusCode(200)
                .body("balance", equalTo("99.750000")).body("reserved", equalTo("0.000000"))
                .body("available", equalTo("99.750000")).body("creditLimit", equalTo("0.000000"))
                .body("currency", equalTo("BDT")).body("billingType", equalTo("PREPAID"));
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer + "/ledger?size=2").then().statusCode(200)
                .body("total", equalTo(3)).body("size", equalTo(2))
                .body("items.kind", contains("ADJUSTMENT", "REFUND"));
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer + "/ledger?size=501").then().statusCode(400);
        assertEquals("99.750000", queryOne("SELECT sum(amount)::text FROM ledger_entry WHERE account_id = '"
                + seed.customer + "'"));
        assertEquals(0, count(BALANCE_IS_NOT_THE_SUM));
    }

    @Test
    void concurrentPaymentsWithDistinctKeysAreAllCountedAndOneKeyOnlyOnce() throws Exception {
        Seed seed = seed();
        String payments = "/api/v1/accounts/" + seed.customer + "/payments";
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = i < 20 ? "distinct-" + i : "shared";
            calls.add(() -> as(seed.dhakaKey).header("Idempotency-Key", key)
                    .body(Map.of("kind", "PAYMENT", "amount", "1.000001")).post(payments).then().extract().statusCode());
        }
        List<Integer> statuses = runAll(calls, 16);
        assertTrue(statuses.subList(0, 20).stream().allMatch(s -> s == 201), statuses.toString());
        List<Integer> shared = statuses.subList(20, 40);
        assertEquals(1, shared.stream().filter(s -> s == 201).count(), statuses.toString());
        assertTrue(shared.stream().allMatch(s -> s == 201 || s == 200 || s == 409),
                "a repeat is answered (200) or asked to retry (409): " + statuses);
        assertEquals(1, count("SELECT count(*) FROM ledger_entry WHERE account_id = '" + seed.customer
                + "' AND idempotency_key = 'account:" + seed.dhaka + ":shared'"));
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer + "/balance").then()
                .body("balance", equalTo("21.000021"));
    }

    @Test
    void theGrpcApiAdmitsOnlyCallsWithTheServiceToken() throws SQLException {
        Seed seed = seed();
        pay(seed.customer, "10");
        long reservationsBefore = count("SELECT count(*) FROM reservation");
        ReserveFundsRequest reserve = ReserveFundsRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                .setSessionId("s").setAccountId(seed.customer).addAmounts(amount(0, seed.customer, "1")).build();
        for (String authorization : new String[] {null, "Bearer wrong-token", SERVICE_TOKEN}) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> grpcWith(authorization).reserveFunds(reserve));
            assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode(), String.valueOf(authorization));
        }
        assertEquals(reservationsBefore, count("SELECT count(*) FROM reservation"));
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, grpc().reserveFunds(reserve).getResult());
    }

    @Test
    void anAgentWithoutPaymentForSubAccountsCannotLetASubAccountCreditItself() throws SQLException {
        Seed seed = seed();
        String agent = createAs(seed.wholesaleKey, Map.of("name", seed.prefix + "Self-Pay-Agent", "currency", "BDT"));
        as(seed.wholesaleKey).body(Map.of("authorizations", List.of("MANAGE_ACCOUNTS", "PAYMENT_FOR_THIS_ACCOUNT")))
                .put("/api/v1/accounts/" + agent + "/authorizations").then().statusCode(200);
        String agentKey = issueKey(seed.wholesaleKey, agent);
        String sub = createAs(agentKey, Map.of("name", seed.prefix + "Self-Pay-Sub", "currency", "BDT"));
        String ledgerBefore = ledgerFingerprint();

        as(agentKey).body(Map.of("authorizations", List.of("PAYMENT_FOR_THIS_ACCOUNT")))
                .put("/api/v1/accounts/" + sub + "/authorizations").then().statusCode(403)
                .body("detail", equalTo("this operation needs the authorization PAYMENT_FOR_SUB_ACCOUNTS, which your"
                        + " account does not hold"));
        as(ADMIN_KEY).get("/api/v1/accounts/" + sub + "/authorizations").then().statusCode(200)
                .body("authorizations", equalTo(List.of()));
        // Granted by someone entitled to (the wholesale agent holds PAYMENT_FOR_SUB_ACCOUNTS) ...
        as(seed.wholesaleKey).body(Map.of("authorizations", List.of("PAYMENT_FOR_THIS_ACCOUNT")))
                .put("/api/v1/accounts/" + sub + "/authorizations").then().statusCode(200);
        // ... the agent still cannot obtain a key that credits the sub-account, nor credit it itself.
        as(agentKey).post("/api/v1/accounts/" + sub + "/api-keys").then().statusCode(403)
                .body("type", equalTo(PROBLEM + "missing-authorization"));
        as(agentKey).header("Idempotency-Key", "sub").body(Map.of("kind", "PAYMENT", "amount", "1000"))
                .post("/api/v1/accounts/" + sub + "/payments").then().statusCode(403);
        assertEquals(0, count("SELECT count(*) FROM api_key WHERE account_id = '" + sub + "'"));
        assertEquals(ledgerBefore, ledgerFingerprint());
        issueKey(seed.wholesaleKey, sub);
    }

    @Test
    void aSuspendedAgentOrOneBelowASuspendedAgentReadsButChangesNothing() throws SQLException {
        Seed seed = seed();
        as(ADMIN_KEY).body(Map.of("status", "SUSPENDED")).patch("/api/v1/accounts/" + seed.wholesale).then()
                .statusCode(200);
        String ledgerBefore = ledgerFingerprint();
        long accountsBefore = count("SELECT count(*) FROM account");

        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer).then().statusCode(200);
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer + "/balance").then().statusCode(200);
        as(seed.dhakaKey).get("/api/v1/principal").then().statusCode(200)
                .body("accountId", equalTo(seed.dhaka)).body("active", equalTo(false));
        as(seed.dhakaKey).header("Idempotency-Key", "while-suspended").body(Map.of("kind", "PAYMENT", "amount", "5"))
                .post("/api/v1/accounts/" + seed.customer + "/payments").then().statusCode(403)
                .body("type", equalTo(PROBLEM + "agent-inactive"));
        as(seed.dhakaKey).body(Map.of("name", seed.prefix + "Sneaky")).post("/api/v1/accounts").then()
                .statusCode(403).body("type", equalTo(PROBLEM + "agent-inactive"));
        as(seed.dhakaKey).body(Map.of("number", "8801711" + digits(6))).post("/api/v1/accounts/" + seed.customer
                + "/phones").then().statusCode(403);
        as(seed.wholesaleKey).body(Map.of("status", "ACTIVE")).patch("/api/v1/accounts/" + seed.dhaka).then()
                .statusCode(403).body("type", equalTo(PROBLEM + "agent-inactive"));
        assertEquals(ledgerBefore, ledgerFingerprint());
        assertEquals(accountsBefore, count("SELECT count(*) FROM account"));

        as(ADMIN_KEY).body(Map.of("status", "ACTIVE")).patch("/api/v1/accounts/" + seed.wholesale).then()
                .statusCode(200);
        as(seed.dhakaKey).get("/api/v1/principal").then().body("active", equalTo(true));
        as(seed.dhakaKey).header("Idempotency-Key", "active-again").body(Map.of("kind", "PAYMENT", "amount", "5"))
                .post("/api/v1/accounts/" + seed.customer + "/payments").then().statusCode(201);
    }

    @Test
    void anAccountWhoseOnlyHistoryIsAZeroChargeSettlementCannotBeDeleted() {
        String account = createAs(ADMIN_KEY, Map.of("name", "zero-" + digits(6), "currency", "BDT"));
        SettleChargeResponse settled = grpc().settleCharge(SettleChargeRequest.newBuilder()
                .setIdempotencyKey(UUID.randomUUID().toString()).setSessionId("s").setAccountId(account)
                .addCharges(amount(0, account, "0")).build());
        assertEquals(0, settled.getLedgerEntryIdsCount());
        as(ADMIN_KEY).delete("/api/v1/accounts/" + account).then().statusCode(409)
                .body("type", equalTo(PROBLEM + "has-ledger"));
        as(ADMIN_KEY).get("/api/v1/accounts/" + account).then().statusCode(200);
    }

    // --- gRPC: caller authorization, PINs, chain, balances ----------------------------------

    @Test
    void authorizesCallersByPhoneStatusAndFundsOfTheWholeChain() {
        Seed seed = seed();
        String number = "8801711" + digits(6);
        as(seed.dhakaKey).body(Map.of("number", "+" + number, "pin", "2468"))
                .post("/api/v1/accounts/" + seed.customer + "/phones").then().statusCode(201);
        AuthorizeCallerRequest request = AuthorizeCallerRequest.newBuilder().setCallerNumber(number)
                .setDid("8809610000000").setCallbackServiceId("svc-1").setMinimumBalance("1.000000").build();

        AuthorizeCallerResponse broke = grpc().authorizeCaller(request);
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_INSUFFICIENT_BALANCE, broke.getReason());
        assertFalse(broke.getAuthorized());
        assertTrue(broke.getAccountFound());

        pay(seed.customer, "5");
        pay(seed.dhaka, "5");
        AuthorizeCallerResponse stillBroke = grpc().authorizeCaller(request);
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_INSUFFICIENT_BALANCE, stillBroke.getReason(),
                "the wholesale agent has no funds");
        pay(seed.wholesale, "5");

        AuthorizeCallerResponse ok = grpc().authorizeCaller(request);
        assertEquals(AuthorizeCallerResponse.newBuilder().setAuthorized(true)
                .setReason(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_OK).setAccountFound(true)
                .setAccountId(seed.customer).setPhoneId(ok.getPhoneId()).setActive(true).setBalanceSufficient(true)
                .setPinRequired(true).setDefaultCtdMode(CtdMode.CTD_MODE_STANDARD).setAvailable("5.000000")
                .setCurrency("BDT").build(), ok);

        as(ADMIN_KEY).body(Map.of("status", "SUSPENDED")).patch("/api/v1/accounts/" + seed.wholesale).then()
                .statusCode(200);
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_ANCESTOR_INACTIVE,
                grpc().authorizeCaller(request).getReason());
        as(ADMIN_KEY).body(Map.of("status", "CLOSED")).patch("/api/v1/accounts/" + seed.customer).then()
                .statusCode(200);
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_ACCOUNT_INACTIVE,
                grpc().authorizeCaller(request).getReason());

        AuthorizeCallerRequest stranger = request.toBuilder().setCallerNumber("4477009" + digits(5)).build();
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_CALLER_NOT_REGISTERED,
                grpc().authorizeCaller(stranger).getReason());
        AuthorizeCallerResponse pinLogin = grpc().authorizeCaller(stranger.toBuilder()
                .setAllowUnregisteredWithPin(true).build());
        assertEquals(AuthorizeCallerResponse.newBuilder().setAuthorized(true)
                .setReason(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_PIN_LOGIN).setPinRequired(true).build(),
                pinLogin, "an unregistered caller goes on to the PIN prompt, with no account yet");
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_ACCOUNT_INACTIVE, grpc().authorizeCaller(
                request.toBuilder().setAllowUnregisteredWithPin(true).build()).getReason(),
                "a registered phone is judged on its own account whatever the service's PIN policy");
        for (String withheld : List.of("", "anonymous", "112")) {
            AuthorizeCallerResponse hidden = grpc().authorizeCaller(request.toBuilder().setCallerNumber(withheld)
                    .setAllowUnregisteredWithPin(true).build());
            assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_CALLER_NOT_REGISTERED, hidden.getReason(),
                    withheld);
            assertFalse(hidden.getAuthorized());
        }
        for (AuthorizeCallerRequest malformed : List.of(request.toBuilder().setMinimumBalance("lots").build(),
                request.toBuilder().setDid("").build(), request.toBuilder().setDid("call-me").build(),
                request.toBuilder().setCallbackServiceId("").build())) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> grpc().authorizeCaller(malformed));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), malformed.toString());
        }
    }

    @Test
    void comparesTheMinimumBalanceInEachLevelsOwnCurrency() {
        String prefix = "t" + digits(6) + "-";
        String usdAgent = createAs(ADMIN_KEY, Map.of("name", prefix + "USD-Agent", "currency", "USD"));
        as(ADMIN_KEY).body(Map.of("authorizations", BD_WHOLESALE)).put("/api/v1/accounts/" + usdAgent
                + "/authorizations").then().statusCode(200);
        String usdKey = issueKey(ADMIN_KEY, usdAgent);
        String bdtCustomer = createAs(usdKey, Map.of("name", prefix + "BDT-Customer", "currency", "BDT"));
        String number = "8801711" + digits(6);
        as(usdKey).body(Map.of("number", number)).post("/api/v1/accounts/" + bdtCustomer + "/phones").then()
                .statusCode(201);
        AuthorizeCallerRequest request = AuthorizeCallerRequest.newBuilder().setCallerNumber(number)
                .setDid("8809610000000").setCallbackServiceId("svc-1").setMinimumBalance("2.000000").build();
        pay(bdtCustomer, "150");
        pay(usdAgent, "2");

        AuthorizeCallerResponse agentShort = grpc().authorizeCaller(request);
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_INSUFFICIENT_BALANCE, agentShort.getReason(),
                "2 USD is not above the minimum of 2 in USD, however many BDT the customer has");
        assertEquals("150.000000", agentShort.getAvailable());
        assertEquals("BDT", agentShort.getCurrency());

        pay(usdAgent, "0.01");
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_OK, grpc().authorizeCaller(request).getReason());
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_INSUFFICIENT_BALANCE, grpc().authorizeCaller(
                request.toBuilder().setMinimumBalance("150.000000").build()).getReason(),
                "the customer's 150 BDT is not above a minimum of 150 in BDT");
    }

    @Test
    void verifiesPinsAndLocksAfterTooManyWrongOnes() {
        Seed seed = seed();
        String number = "8801711" + digits(6);
        as(seed.dhakaKey).body(Map.of("number", number, "pin", "2468"))
                .post("/api/v1/accounts/" + seed.customer + "/phones").then().statusCode(201);
        pay(seed.customer, "5");
        pay(seed.dhaka, "5");
        pay(seed.wholesale, "5");
        VerifyPinRequest right = VerifyPinRequest.newBuilder().setCallerNumber(number).setAccountId(seed.customer)
                .setPin("2468").setSessionId("s-1").build();
        assertEquals(VerifyPinResponse.newBuilder().setValid(true).setReason(VerifyPinReason.VERIFY_PIN_REASON_OK)
                .setAccountId(seed.customer).setAttemptsLeft(5).build(), grpc().verifyPin(right));

        VerifyPinRequest wrong = right.toBuilder().setPin("1111").build();
        for (int left = 4; left >= 1; left--) {
            VerifyPinResponse answer = grpc().verifyPin(wrong);
            assertEquals(VerifyPinReason.VERIFY_PIN_REASON_WRONG_PIN, answer.getReason());
            assertEquals(left, answer.getAttemptsLeft());
        }
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_LOCKED, grpc().verifyPin(wrong).getReason());
        VerifyPinResponse locked = grpc().verifyPin(right);
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_LOCKED, locked.getReason());
        assertFalse(locked.getValid());
        assertEquals(VerifyPinReason.VERIFY_PIN_REASON_INSUFFICIENT_BALANCE, grpc().verifyPin(right.toBuilder()
                .setCallerNumber(registerPhone(seed, "1357")).setPin("1357").setMinimumBalance("10").build()).getReason());
    }

    @Test
    void servesTheResellerChainAndBalances() {
        Seed seed = seed();
        pay(seed.customer, "12.5");
        GetAccountChainResponse chain = grpc().getAccountChain(GetAccountChainRequest.newBuilder()
                .setAccountId(seed.customer).setIncludeBalances(true).build());
        assertEquals(List.of(seed.customer, seed.dhaka, seed.wholesale),
                chain.getLevelsList().stream().map(l -> l.getAccountId()).toList());
        assertEquals(List.of(0, 1, 2), chain.getLevelsList().stream().map(l -> l.getLevel()).toList());
        assertEquals(seed.dhaka, chain.getLevels(0).getParentAccountId());
        assertEquals(seed.customerPlan, chain.getLevels(0).getRateTableId());
        assertEquals("", chain.getLevels(2).getParentAccountId());
        assertEquals(List.of("12.500000", "0.000000", "0.000000"),
                chain.getBalancesList().stream().map(b -> b.getBalance()).toList());
        assertEquals("12.500000", grpc().getBalance(GetBalanceRequest.newBuilder().setAccountId(seed.customer)
                .build()).getBalance().getAvailable());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> grpc().getBalance(
                GetBalanceRequest.newBuilder().setAccountId(UUID.randomUUID().toString()).build()))
                .getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class, () -> grpc()
                .getAccountChain(GetAccountChainRequest.newBuilder().setAccountId("nope").build()))
                .getStatus().getCode());
    }

    // --- reservations and settlement along the chain ----------------------------------------

    @Test
    void settlingACdrDebitsEveryLevelOfTheChainExactlyOnceAndConsumesTheReservation() {
        Seed seed = seed();
        pay(seed.customer, "10");
        pay(seed.dhaka, "10");
        pay(seed.wholesale, "10");
        String session = "session-" + UUID.randomUUID();
        ReserveFundsResponse reserved = grpc().reserveFunds(ReserveFundsRequest.newBuilder()
                .setIdempotencyKey(session + ":1").setSessionId(session).setAccountId(seed.customer)
                .addAmounts(amount(0, seed.customer, "3.000000")).addAmounts(amount(1, seed.dhaka, "2.400000"))
                .addAmounts(amount(2, seed.wholesale, "1.800000"))
                .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(3600)).build());
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, reserved.getResult());
        ReserveFundsRequest sameRequest = ReserveFundsRequest.newBuilder()
                .setIdempotencyKey(session + ":1").setSessionId(session).setAccountId(seed.customer)
                .addAmounts(amount(0, seed.customer, "3")).addAmounts(amount(1, seed.dhaka, "2.4"))
                .addAmounts(amount(2, seed.wholesale, "1.8"))
                .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(3600)).build();
        assertEquals(reserved, grpc().reserveFunds(sameRequest).toBuilder().setReplayed(false).build(),
                "a retry of the same request answers the first reservation");
        StatusRuntimeException reused = assertThrows(StatusRuntimeException.class, () -> grpc().reserveFunds(
                sameRequest.toBuilder().clearAmounts().addAmounts(amount(0, seed.customer, "3.000000")).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, reused.getStatus().getCode());
        assertTrue(reused.getStatus().getDescription().contains("was used for a different request"),
                reused.getStatus().getDescription());
        balance(seed.customer, "10.000000", "3.000000", "7.000000");
        balance(seed.wholesale, "10.000000", "1.800000", "8.200000");

        String cdrId = UUID.randomUUID().toString();
        SettleChargeRequest settle = SettleChargeRequest.newBuilder().setIdempotencyKey(cdrId)
                .setReservationId(reserved.getReservationId()).setSessionId(session).setAccountId(seed.customer)
                .addCharges(amount(0, seed.customer, "0.150000")).addCharges(amount(1, seed.dhaka, "0.120000"))
                .addCharges(amount(2, seed.wholesale, "0.090000")).build();
        SettleChargeResponse first = grpc().settleCharge(settle);
        assertFalse(first.getReplayed());
        assertEquals(3, first.getLedgerEntryIdsCount());
        assertEquals(List.of("9.850000", "9.880000", "9.910000"),
                first.getBalancesAfterList().stream().map(LevelAmount::getAmount).toList());
        SettleChargeResponse again = grpc().settleCharge(settle);
        assertTrue(again.getReplayed());
        assertEquals(first.getLedgerEntryIdsList(), again.getLedgerEntryIdsList());
        balance(seed.customer, "9.850000", "2.850000", "7.000000");
        balance(seed.dhaka, "9.880000", "2.280000", "7.600000");

        // The second leg's CDR ends the session: its charge is debited and the rest released.
        SettleChargeResponse last = grpc().settleCharge(settle.toBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                .clearCharges().addCharges(amount(0, seed.customer, "0.300000"))
                .addCharges(amount(1, seed.dhaka, "0.000000")).setReleaseRemainder(true).build());
        assertEquals(1, last.getLedgerEntryIdsCount(), "a level charged 0 gets no entry");
        balance(seed.customer, "9.550000", "0.000000", "9.550000");
        balance(seed.dhaka, "9.880000", "0.000000", "9.880000");
        balance(seed.wholesale, "9.910000", "0.000000", "9.910000");
        assertFalse(grpc().releaseFunds(ReleaseFundsRequest.newBuilder()
                .setReservationId(reserved.getReservationId()).build()).getReleased());
        as(seed.dhakaKey).get("/api/v1/accounts/" + seed.customer + "/ledger").then()
                .body("items.kind", containsInAnyOrder("PAYMENT", "RESERVATION", "CALL_CHARGE", "CALL_CHARGE",
                        "RELEASE"));

        assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class, () -> grpc()
                .settleCharge(settle.toBuilder().setIdempotencyKey("x").clearCharges()
                        .addCharges(amount(1, seed.customer, "1.000000")).build())).getStatus().getCode(),
                "a charge must name its level's account");
    }

    @Test
    void aCdrRatedBeforeAMoveSettlesOnTheAccountsItNamesAndReplaysAfterIt() throws SQLException {
        Seed seed = seed();
        pay(seed.customer, "10");
        pay(seed.dhaka, "10");
        pay(seed.wholesale, "10");
        String session = "moved-" + UUID.randomUUID();
        ReserveFundsResponse reserved = grpc().reserveFunds(ReserveFundsRequest.newBuilder()
                .setIdempotencyKey(session).setSessionId(session).setAccountId(seed.customer)
                .addAmounts(amount(0, seed.customer, "3")).addAmounts(amount(1, seed.dhaka, "2"))
                .addAmounts(amount(2, seed.wholesale, "1")).build());
        SettleChargeRequest before = SettleChargeRequest.newBuilder().setIdempotencyKey(UUID.randomUUID().toString())
                .setReservationId(reserved.getReservationId()).setSessionId(session).setAccountId(seed.customer)
                .addCharges(amount(0, seed.customer, "0.5")).addCharges(amount(1, seed.dhaka, "0.4"))
                .addCharges(amount(2, seed.wholesale, "0.3")).build();
        SettleChargeResponse first = grpc().settleCharge(before);

        // The customer moves directly below the wholesale agent (without a plan for now): Dhaka is
        // no longer in its chain.
        as(ADMIN_KEY).body(Map.of("parentId", seed.wholesale, "rateTableId", "")).patch("/api/v1/accounts/" + seed.customer)
                .then().statusCode(200);
        SettleChargeResponse redelivered = grpc().settleCharge(before);
        assertTrue(redelivered.getReplayed());
        assertEquals(first.getLedgerEntryIdsList(), redelivered.getLedgerEntryIdsList());

        SettleChargeResponse after = grpc().settleCharge(before.toBuilder()
                .setIdempotencyKey(UUID.randomUUID().toString()).clearCharges()
                .addCharges(amount(0, seed.customer, "1")).addCharges(amount(1, seed.dhaka, "0.6"))
                .addCharges(amount(2, seed.wholesale, "0.2")).build());
        assertFalse(after.getReplayed());
        assertEquals(3, after.getLedgerEntryIdsCount());
        balance(seed.customer, "8.500000", "1.500000", "7.000000");
        balance(seed.dhaka, "9.000000", "1.000000", "8.000000");
        balance(seed.wholesale, "9.500000", "0.500000", "9.000000");

        grpc().settleCharge(before.toBuilder().setIdempotencyKey(UUID.randomUUID().toString()).clearCharges()
                .addCharges(amount(0, seed.customer, "0.1")).setReleaseRemainder(true).build());
        balance(seed.customer, "8.400000", "0.000000", "8.400000");
        balance(seed.dhaka, "9.000000", "0.000000", "9.000000");
        balance(seed.wholesale, "9.500000", "0.000000", "9.500000");
        assertEquals("3:6.000000", queryOne("SELECT count(*) || ':' || sum(amount) FROM ledger_entry WHERE kind IN "
                + "('RESERVATION') AND reservation_id = '" + reserved.getReservationId() + "'"));
        assertEquals("3:2.900000", queryOne("SELECT count(*) || ':' || sum(amount) FROM ledger_entry WHERE kind = "
                + "'RELEASE' AND reservation_id = '" + reserved.getReservationId() + "'"));
        assertEquals(0, count(BALANCE_IS_NOT_THE_SUM));
    }

    @Test
    void aReservationRefusesWhatTheChainCannotCoverAndReleasesOnRequestOrExpiry() throws SQLException {
        Seed seed = seed();
        pay(seed.customer, "2");
        pay(seed.dhaka, "1");
        ReserveFundsRequest.Builder request = ReserveFundsRequest.newBuilder().setSessionId("s")
                .setAccountId(seed.customer).addAmounts(amount(0, seed.customer, "1.500000"))
                .addAmounts(amount(1, seed.dhaka, "1.500000"));
        ReserveFundsResponse refused = grpc().reserveFunds(request.setIdempotencyKey(UUID.randomUUID().toString())
                .build());
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_INSUFFICIENT_FUNDS, refused.getResult());
        assertEquals(seed.dhaka, refused.getRefusedAccountId());
        balance(seed.customer, "2.000000", "0.000000", "2.000000");

        request.clearAmounts().addAmounts(amount(0, seed.customer, "1.500000")).addAmounts(amount(1, seed.dhaka, "1"));
        ReserveFundsResponse held = grpc().reserveFunds(request.setIdempotencyKey(UUID.randomUUID().toString()).build());
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, held.getResult());
        ReleaseFundsResponse released = grpc().releaseFunds(ReleaseFundsRequest.newBuilder()
                .setReservationId(held.getReservationId()).setReason("leg B failed").build());
        assertTrue(released.getReleased());
        assertEquals(List.of("1.500000", "1.000000", "0.000000"),
                released.getReleasedAmountsList().stream().map(LevelAmount::getAmount).toList());
        balance(seed.customer, "2.000000", "0.000000", "2.000000");

        ReserveFundsResponse shortLived = grpc().reserveFunds(request.setIdempotencyKey(UUID.randomUUID().toString())
                .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(60)).build());
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, shortLived.getResult());
        balance(seed.customer, "2.000000", "1.500000", "0.500000");
        clock.step(Duration.ofSeconds(61));
        balance(seed.customer, "2.000000", "0.000000", "2.000000");
        assertFalse(grpc().releaseFunds(ReleaseFundsRequest.newBuilder().setReservationId(shortLived
                .getReservationId()).build()).getReleased());
        // The expiry use case (run by ReservationExpiryJob) records what the expired reservation held.
        String expiredEntries = "SELECT count(*) || ':' || coalesce(sum(amount), 0) FROM ledger_entry WHERE kind = "
                + "'RELEASE' AND description = 'expired' AND reservation_id = '" + shortLived.getReservationId() + "'";
        ledgerService.releaseExpired(10_000);
        assertEquals("2:2.500000", queryOne(expiredEntries));
        assertEquals("CLOSED", queryOne("SELECT status FROM reservation WHERE id = '"
                + shortLived.getReservationId() + "'"));
        balance(seed.customer, "2.000000", "0.000000", "2.000000");

        long reservationsBefore = count("SELECT count(*) FROM reservation");
        for (String bad : List.of("abc", "-1.000000", "0.0000001")) {
            assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class, () -> grpc()
                    .reserveFunds(request.setIdempotencyKey(UUID.randomUUID().toString()).clearAmounts()
                            .addAmounts(amount(0, seed.customer, bad)).build())).getStatus().getCode(), bad);
        }
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> grpc().reserveFunds(
                request.setIdempotencyKey(UUID.randomUUID().toString()).setAccountId(UUID.randomUUID().toString())
                        .clearAmounts().build())).getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class, () -> grpc()
                .reserveFunds(request.setIdempotencyKey(UUID.randomUUID().toString())
                        .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(24 * 3600 + 1)).build()))
                .getStatus().getCode(), "a reservation is held for at most a day");
        request.clearTtl();
        assertEquals(reservationsBefore, count("SELECT count(*) FROM reservation"));
        request.setAccountId(seed.customer).clearAmounts().addAmounts(amount(0, seed.customer, "1.500000"))
                .addAmounts(amount(1, seed.dhaka, "1"));

        as(ADMIN_KEY).body(Map.of("status", "SUSPENDED")).patch("/api/v1/accounts/" + seed.wholesale).then()
                .statusCode(200);
        ReserveFundsResponse inactive = grpc().reserveFunds(request.setIdempotencyKey(UUID.randomUUID().toString())
                .build());
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_ACCOUNT_INACTIVE, inactive.getResult());
        assertEquals(seed.wholesale, inactive.getRefusedAccountId());
    }

    @Test
    void concurrentReservationsOfOneAccountNeverSpendTheSameMoney() throws Exception {
        Seed seed = seed();
        pay(seed.customer, "10");
        pay(seed.dhaka, "100");
        pay(seed.wholesale, "100");
        AtomicInteger insufficient = new AtomicInteger();
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String key = "concurrent-" + UUID.randomUUID();
            calls.add(() -> {
                ReserveFundsResponse answer = grpc().reserveFunds(ReserveFundsRequest.newBuilder()
                        .setIdempotencyKey(key).setSessionId(key).setAccountId(seed.customer)
                        .addAmounts(amount(0, seed.customer, "1.000000")).addAmounts(amount(1, seed.dhaka, "0.5"))
                        .build());
                if (answer.getResult() == ReserveFundsResult.RESERVE_FUNDS_RESULT_INSUFFICIENT_FUNDS) {
                    insufficient.incrementAndGet();
                }
                return answer.getReservationId();
            });
        }
        List<String> reservations = runAll(calls, 24).stream().filter(id -> !id.isEmpty()).toList();
        assertEquals(10, reservations.size(), "exactly the 10.00 of funds is reserved");
        assertEquals(38, insufficient.get());
        balance(seed.customer, "10.000000", "10.000000", "0.000000");
        balance(seed.dhaka, "100.000000", "5.000000", "95.000000");

        // Settle all ten concurrently, each twice (a redelivery racing its original).
        List<Callable<Boolean>> settles = new ArrayList<>();
        for (String reservation : reservations) {
            SettleChargeRequest settle = SettleChargeRequest.newBuilder().setIdempotencyKey("cdr-" + reservation)
                    .setReservationId(reservation).setSessionId("s").setAccountId(seed.customer)
                    .addCharges(amount(0, seed.customer, "0.700000")).addCharges(amount(1, seed.dhaka, "0.300000"))
                    .setReleaseRemainder(true).build();
            settles.add(() -> grpc().settleCharge(settle).getReplayed());
            settles.add(() -> grpc().settleCharge(settle).getReplayed());
        }
        List<Boolean> replays = runAll(settles, 20);
        assertEquals(10, replays.stream().filter(replayed -> replayed).count());
        balance(seed.customer, "3.000000", "0.000000", "3.000000");
        balance(seed.dhaka, "97.000000", "0.000000", "97.000000");
        balance(seed.wholesale, "100.000000", "0.000000", "100.000000");
        assertEquals(0, count(BALANCE_IS_NOT_THE_SUM), "every running balance equals the sum of its ledger");
    }

    // --- Kafka: cdr.rated -------------------------------------------------------------------

    @Test
    void settlesARatedCdrFromKafkaExactlyOnceHoweverOftenItIsDelivered() throws Exception {
        Seed seed = seed();
        pay(seed.customer, "10");
        String cdrId = UUID.randomUUID().toString();
        RatedCdr cdr = RatedCdr.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_764_115_200L)).setSchemaVersion(1)
                .setCdrId(cdrId).setSessionId("session-" + cdrId).setLegId("leg-" + cdrId).setRole(LegRole.LEG_ROLE_B)
                .setAccountId(seed.customer).setCalledNumber("8801711000001").setBillableSeconds(60)
                .addCharges(charge(0, seed.customer, "0.150000")).addCharges(charge(1, seed.dhaka, "0.120000"))
                .addCharges(charge(2, seed.wholesale, "0.090000")).setCustomerCharge("0.150000")
                .setCurrency("BDT").setBilled(true).build();
        for (int delivery = 0; delivery < 3; delivery++) {
            producer.send(new ProducerRecord<>(EventTopics.CDR_RATED, seed.customer, cdr.toByteArray())).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM settlement WHERE "
                + "idempotency_key = '" + cdrId + "'") == 1);
        // A later record on the same partition proves the duplicates were consumed (and changed nothing).
        String marker = UUID.randomUUID().toString();
        producer.send(new ProducerRecord<>(EventTopics.CDR_RATED, seed.customer, cdr.toBuilder().setCdrId(marker).setLegId("leg-" + marker)
                .clearCharges().addCharges(charge(0, seed.customer, "0.010000")).build().toByteArray())).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM settlement WHERE "
                + "idempotency_key = '" + marker + "'") == 1);

        assertEquals(3, count("SELECT count(*) FROM ledger_entry WHERE idempotency_key = '" + cdrId + "'"));
        balance(seed.customer, "9.840000", "0.000000", "9.840000");
        balance(seed.dhaka, "-0.120000", "0.000000", "-0.120000");
        balance(seed.wholesale, "-0.090000", "0.000000", "-0.090000");
    }

    @Test
    void exportsAuthorizationsReservationsSettlementsAndDeadLetters() throws Exception {
        double notRegistered = metric("ringback_accounts_authorizations_total", "outcome=\"caller_not_registered\"");
        double open = metric("ringback_accounts_reservations_open");
        double expired = metric("ringback_accounts_reservations_expired_total");
        double settled = metric("ringback_accounts_settlements_total", "outcome=\"settled\"");
        double replayed = metric("ringback_accounts_settlements_total", "outcome=\"replayed\"");
        double deadLetters = metric("ringback_accounts_settlement_dead_letters_total");

        AuthorizeCallerResponse unknown = grpc().authorizeCaller(AuthorizeCallerRequest.newBuilder()
                .setCallerNumber("8801799" + digits(6)).setDid("8809610000000").setCallbackServiceId("svc-1")
                .setMinimumBalance("1.000000").build());
        assertEquals(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_CALLER_NOT_REGISTERED, unknown.getReason());
        assertEquals(notRegistered + 1, metric("ringback_accounts_authorizations_total",
                "outcome=\"caller_not_registered\""));

        Seed seed = seed();
        pay(seed.customer, "2");
        pay(seed.dhaka, "2");
        pay(seed.wholesale, "2");
        assertEquals(ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED, grpc().reserveFunds(ReserveFundsRequest
                .newBuilder().setIdempotencyKey(UUID.randomUUID().toString()).setSessionId("s")
                .setAccountId(seed.customer).addAmounts(amount(0, seed.customer, "1.000000"))
                .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(60)).build()).getResult());
        assertEquals(open + 1, metric("ringback_accounts_reservations_open"));
        clock.step(Duration.ofSeconds(61));
        assertEquals(open, metric("ringback_accounts_reservations_open"), "an expired reservation holds nothing");
        assertTrue(metric("ringback_accounts_reservations_overdue") >= 1, "until the sweep closes it");
        expiryJob.releaseExpired();
        assertEquals(0, metric("ringback_accounts_reservations_overdue"));
        assertTrue(metric("ringback_accounts_reservations_expired_total") >= expired + 1);

        String cdrId = UUID.randomUUID().toString();
        RatedCdr cdr = RatedCdr.newBuilder().setEventId(UUID.randomUUID().toString()).setSchemaVersion(1)
                .setCdrId(cdrId).setSessionId("session-" + cdrId).setLegId("leg-" + cdrId).setRole(LegRole.LEG_ROLE_B)
                .setAccountId(seed.customer).setCalledNumber("8801711000001").setBillableSeconds(60)
                .addCharges(charge(0, seed.customer, "0.150000")).setCustomerCharge("0.150000")
                .setCurrency("BDT").setBilled(true).build();
        producer.send(new ProducerRecord<>(EventTopics.CDR_RATED, seed.customer, cdr.toByteArray())).get();
        producer.send(new ProducerRecord<>(EventTopics.CDR_RATED, seed.customer, cdr.toByteArray())).get();
        producer.send(new ProducerRecord<>(EventTopics.CDR_RATED, seed.customer, "garbage".getBytes(StandardCharsets.UTF_8)))
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                metric("ringback_accounts_settlement_dead_letters_total") == deadLetters + 1);
        assertEquals(settled + 1, metric("ringback_accounts_settlements_total", "outcome=\"settled\""));
        assertEquals(replayed + 1, metric("ringback_accounts_settlements_total", "outcome=\"replayed\""),
                "the redelivered CDR changed nothing and is counted as a replay");
    }

    /** The sum of a Prometheus metric's samples whose labels include all those given (0 when none). */
    private static double metric(String name, String... labels) {
        String scrape = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void sendsARatedCdrThatCannotBeSettledToTheDeadLetterTopic() throws Exception {
        String key = "garbage-" + UUID.randomUUID();
        byte[] garbage = "not a protobuf RatedCdr".getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(EventTopics.CDR_RATED, key, garbage)).get();
        ConsumerRecord<String, byte[]> dead = deadLetterWithKey(key);
        assertEquals(new String(garbage, StandardCharsets.UTF_8), new String(dead.value(), StandardCharsets.UTF_8));
        assertTrue(dead.headers().lastHeader("dead-letter-reason") != null, "the dead letter says why");

        String unknownAccount = UUID.randomUUID().toString();
        RatedCdr orphan = RatedCdr.newBuilder().setEventId(UUID.randomUUID().toString()).setSchemaVersion(1)
                .setCdrId(UUID.randomUUID().toString()).setAccountId(unknownAccount)
                .addCharges(charge(0, unknownAccount, "1.000000")).build();
        producer.send(new ProducerRecord<>(EventTopics.CDR_RATED, unknownAccount, orphan.toByteArray())).get();
        assertEquals(orphan, RatedCdr.parseFrom(deadLetterWithKey(unknownAccount).value()));
        assertEquals(0, count("SELECT count(*) FROM settlement WHERE idempotency_key = '" + orphan.getCdrId() + "'"));
    }

    // --- helpers ----------------------------------------------------------------------------

    /** One seed hierarchy per test, names prefixed so that tests never share accounts. */
    private record Seed(String prefix, String wholesale, String wholesaleKey, String dhaka, String dhakaKey,
                        String customer, String customerPlan) {
    }

    private Seed seed() {
        String prefix = "t" + digits(6) + "-";
        String wholesale = createAs(ADMIN_KEY, Map.of("name", prefix + "BD-Wholesale-Agent", "currency", "BDT"));
        as(ADMIN_KEY).body(Map.of("authorizations", BD_WHOLESALE)).put("/api/v1/accounts/" + wholesale
                + "/authorizations").then().statusCode(200);
        String wholesaleKey = issueKey(ADMIN_KEY, wholesale);
        String dhaka = createAs(wholesaleKey, Map.of("name", prefix + "Dhaka-Retail-Sub", "currency", "BDT"));
        as(wholesaleKey).body(Map.of("authorizations", DHAKA_RETAIL)).put("/api/v1/accounts/" + dhaka
                + "/authorizations").then().statusCode(200);
        String dhakaKey = issueKey(wholesaleKey, dhaka);
        String customerPlan = RatingDouble.ratePlan("BDT", UUID.fromString(dhaka));
        String customer = createAs(dhakaKey, Map.of("name", prefix + "Customer-001", "currency", "BDT",
                "rateTableId", customerPlan));
        return new Seed(prefix, wholesale, wholesaleKey, dhaka, dhakaKey, customer, customerPlan);
    }

    private String registerPhone(Seed seed, String pin) {
        String number = "8801711" + digits(6);
        as(seed.dhakaKey).body(Map.of("number", number, "pin", pin))
                .post("/api/v1/accounts/" + seed.customer + "/phones").then().statusCode(201);
        return number;
    }

    private static RequestSpecification as(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    private static String createAs(String key, Map<String, Object> body) {
        return as(key).body(body).post("/api/v1/accounts").then().statusCode(201).extract().path("id");
    }

    private static String issueKey(String key, String accountId) {
        return as(key).post("/api/v1/accounts/" + accountId + "/api-keys").then().statusCode(201)
                .extract().path("key");
    }

    private static void pay(String accountId, String amount) {
        as(ADMIN_KEY).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("kind", "PAYMENT", "amount", amount)).post("/api/v1/accounts/" + accountId + "/payments")
                .then().statusCode(201);
    }

    private static ValidatableResponse balance(String accountId, String balance, String reserved, String available) {
        return as(ADMIN_KEY).get("/api/v1/accounts/" + accountId + "/balance").then().statusCode(200)
                .body("balance", equalTo(balance)).body("reserved", equalTo(reserved))
                .body("available", equalTo(available));
    }

    private static LevelAmount amount(int level, String accountId, String amount) {
        return LevelAmount.newBuilder().setLevel(level).setAccountId(accountId).setAmount(amount).build();
    }

    private static LevelCharge charge(int level, String accountId, String charge) {
        return LevelCharge.newBuilder().setLevel(level).setAccountId(accountId).setCharge(charge).build();
    }

    /** A stub that presents the service token of the test profile, as the platform's services do. */
    private static AccountsServiceGrpc.AccountsServiceBlockingStub grpc() {
        return grpcWith("Bearer " + SERVICE_TOKEN);
    }

    private static synchronized AccountsServiceGrpc.AccountsServiceBlockingStub grpcWith(String authorization) {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        }
        AccountsServiceGrpc.AccountsServiceBlockingStub stub = AccountsServiceGrpc.newBlockingStub(channel);
        if (authorization == null) {
            return stub;
        }
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    /** Distinct digits for every call in this run (unique names and phone numbers), {@code n} wide. */
    private static String digits(int n) {
        long next = UNIQUE.incrementAndGet() % (long) Math.pow(10, n);
        return String.format("%0" + n + "d", next);
    }

    private static <T> List<T> runAll(List<Callable<T>> calls, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private String ledgerFingerprint() throws SQLException {
        return queryOne("SELECT count(*) || ':' || coalesce(sum(amount), 0) FROM ledger_entry");
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(queryOne(sql));
    }

    private String queryOne(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static ConsumerRecord<String, byte[]> deadLetterWithKey(String key) {
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.recordsWithKey("cdr.rated.dlq", key);
        assertEquals(1, dead.size(), "the record is dead-lettered once");
        return dead.get(0);
    }
}
