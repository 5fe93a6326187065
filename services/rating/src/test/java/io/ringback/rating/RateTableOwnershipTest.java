package io.ringback.rating;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.ringback.common.Authorization;
import io.ringback.proto.rating.v1.GetRateTableRequest;
import io.ringback.proto.rating.v1.GetRateTableResponse;
import io.ringback.proto.rating.v1.RateTableKind;
import io.ringback.proto.rating.v1.RatingServiceGrpc;
import io.ringback.service.auth.PlatformConfig;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceChannel;
import io.ringback.testing.SteppableClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Who owns what on rating: vendor cost tables and platform tables are the admin's; an agent sees
 * its own rate plans and the plan it buys on, changes only its own, and for it nothing else exists.
 * Keys are resolved through the accounts double like the real accounts service would.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
class RateTableOwnershipTest {

    private static final String PROBLEM = "https://ringback.io/problems/";
    private static final String HEADER = "prefix,description,price_per_minute,connect_fee,first_increment,next_increment,valid_from,valid_to,minimum_charge";

    @Inject
    SteppableClock clock;

    @Inject
    PlatformConfig platform;

    private ManagedChannel channel;

    /** A top agent under the platform, its sub-agent, and an agent of another subtree, each with a key. */
    private record Tree(UUID top, String topKey, UUID agent, String agentKey, UUID other, String otherKey,
                        String topPlan, String otherPlan, String vendor, String platformPlan) {
    }

    @BeforeEach
    void everyRequestSaysWhoItIs() {
        RestAssured.requestSpecification = null;
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static RequestSpecification as(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key);
    }

    private static String key() {
        return "rbk_test-" + UUID.randomUUID();
    }

    private static String create(String key, String body) {
        return as(key).contentType(ContentType.JSON).body(body).post("/api/v1/rate-tables")
                .then().statusCode(201).extract().path("id");
    }

    private static String table(String kind, String owner) {
        return "{\"name\":\"" + kind.toLowerCase() + "-" + UUID.randomUUID() + "\",\"kind\":\"" + kind
                + "\",\"currency\":\"USD\"" + (owner == null ? "" : ",\"ownerAccountId\":\"" + owner + "\"") + "}";
    }

    private static void importRows(String key, String id) {
        as(key).contentType("text/csv").body(HEADER + "\n44,UK,0.15,0,60,60,,,\n").put("/api/v1/rate-tables/" + id + "/rates")
                .then().statusCode(200).body("imported", equalTo(1));
    }

    private Tree tree() {
        UUID top = UUID.randomUUID();
        UUID agent = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        AccountsDouble.chain(agent, top);
        AccountsDouble.chain(other);
        String topKey = key();
        String agentKey = key();
        String otherKey = key();
        AccountsDouble.agentKey(topKey, top, true, Authorization.MANAGE_ACCOUNTS);
        AccountsDouble.agentKey(agentKey, agent, true, Authorization.MANAGE_ACCOUNTS);
        AccountsDouble.agentKey(otherKey, other, true, Authorization.MANAGE_ACCOUNTS);
        String topPlan = create(topKey, table("CUSTOMER", null));
        importRows(topKey, topPlan);
        AccountsDouble.buysOn(agent, topPlan);
        String otherPlan = create(otherKey, table("CUSTOMER", null));
        String vendor = create(AccountsDouble.ADMIN_KEY, table("VENDOR", null));
        String platformPlan = create(AccountsDouble.ADMIN_KEY, table("CUSTOMER", null));
        return new Tree(top, topKey, agent, agentKey, other, otherKey, topPlan, otherPlan, vendor, platformPlan);
    }

    @Test
    void withoutAKnownKeyNothingAnswersButA401() {
        RestAssured.given().get("/api/v1/rate-tables").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "unauthenticated"));
        as("rbk_not-a-key").get("/api/v1/rate-tables").then().statusCode(401)
                .body("type", equalTo(PROBLEM + "unauthenticated"));
        as("rbk_not-a-key").contentType("text/csv").body(HEADER + "\n44,UK,0.15,0,60,60,,,\n")
                .put("/api/v1/rate-tables/" + UUID.randomUUID() + "/rates").then().statusCode(401);
        RestAssured.given().contentType(ContentType.JSON).body("{not json").post("/api/v1/rating/price")
                .then().statusCode(401).body("type", equalTo(PROBLEM + "unauthenticated"));
    }

    @Test
    void anAgentSeesItsOwnPlansAndThePlanItBuysOnAndNothingElseExistsForIt() {
        Tree tree = tree();
        String own = create(tree.agentKey, table("CUSTOMER", null));
        as(tree.agentKey).get("/api/v1/rate-tables/" + own).then().statusCode(200)
                .body("ownerAccountId", equalTo(tree.agent.toString()), "kind", equalTo("CUSTOMER"));
        as(tree.agentKey).get("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(200)
                .body("ownerAccountId", equalTo(tree.top.toString()));
        as(tree.agentKey).get("/api/v1/rate-tables?size=500").then().statusCode(200)
                .body("items.id", containsInAnyOrder(own, tree.topPlan)).body("total", equalTo(2));

        for (String hidden : new String[] {tree.vendor, tree.platformPlan, tree.otherPlan}) {
            as(tree.agentKey).get("/api/v1/rate-tables/" + hidden).then().statusCode(404)
                    .contentType("application/problem+json").body("type", equalTo(PROBLEM + "not-found"));
            as(tree.agentKey).get("/api/v1/rate-tables/" + hidden + "/rates").then().statusCode(404);
            as(tree.agentKey).queryParam("number", "442071234567").get("/api/v1/rate-tables/" + hidden + "/lookup")
                    .then().statusCode(404);
            as(tree.agentKey).contentType(ContentType.JSON)
                    .body("{\"rateTableId\":\"" + hidden + "\",\"number\":\"442071234567\",\"durationMs\":60000}")
                    .post("/api/v1/rating/price").then().statusCode(404).body("type", equalTo(PROBLEM + "not-found"));
            as(tree.agentKey).contentType("text/csv").body(HEADER + "\n44,UK,0.01,0,60,60,,,\n")
                    .put("/api/v1/rate-tables/" + hidden + "/rates").then().statusCode(404);
            as(tree.agentKey).delete("/api/v1/rate-tables/" + hidden).then().statusCode(404);
        }
        // The top agent does not see its sub-agent's plans either: it sees what it owns and buys on.
        as(tree.topKey).get("/api/v1/rate-tables/" + own).then().statusCode(404);
        as(tree.topKey).get("/api/v1/rate-tables?size=500").then().body("items.id", containsInAnyOrder(tree.topPlan));
        // The admin sees everything.
        as(AccountsDouble.ADMIN_KEY).get("/api/v1/rate-tables/" + tree.vendor).then().statusCode(200)
                .body("ownerAccountId", nullValue());
    }

    @Test
    void anAgentReadsThePlanItBuysOnButOnlyItsOwnerChangesIt() {
        Tree tree = tree();
        as(tree.agentKey).get("/api/v1/rate-tables/" + tree.topPlan + "/rates").then().statusCode(200)
                .contentType("text/csv").body(equalTo(HEADER + "\r\n44,UK,0.150000,0.000000,60,60,,,\r\n"));
        as(tree.agentKey).queryParam("number", "442071234567").get("/api/v1/rate-tables/" + tree.topPlan + "/lookup")
                .then().statusCode(200).body("pricePerMinute", equalTo("0.150000"));
        as(tree.agentKey).contentType(ContentType.JSON)
                .body("{\"rateTableId\":\"" + tree.topPlan + "\",\"number\":\"442071234567\",\"durationMs\":61000}")
                .post("/api/v1/rating/price").then().statusCode(200).body("charge", equalTo("0.300000"));
        as(tree.agentKey).contentType("text/csv").body(HEADER + "\n44,UK,0.01,0,60,60,,,\n")
                .put("/api/v1/rate-tables/" + tree.topPlan + "/rates").then().statusCode(403)
                .body("type", equalTo(PROBLEM + "not-owner"));
        as(tree.agentKey).delete("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(403)
                .body("type", equalTo(PROBLEM + "not-owner"));
        as(tree.topKey).queryParam("number", "442071234567").get("/api/v1/rate-tables/" + tree.topPlan + "/lookup")
                .then().statusCode(200).body("pricePerMinute", equalTo("0.150000"));
    }

    @Test
    void vendorCostsAndOtherAgentsTablesAreTheAdminsToCreate() {
        Tree tree = tree();
        as(tree.agentKey).contentType(ContentType.JSON).body(table("VENDOR", null)).post("/api/v1/rate-tables")
                .then().statusCode(403).body("type", equalTo(PROBLEM + "admin-only"));
        as(tree.agentKey).contentType(ContentType.JSON).body(table("CUSTOMER", tree.other.toString()))
                .post("/api/v1/rate-tables").then().statusCode(403).body("type", equalTo(PROBLEM + "not-owner"));
        String reader = key();
        AccountsDouble.agentKey(reader, tree.agent, true, Authorization.MANAGE_PHONES);
        as(reader).contentType(ContentType.JSON).body(table("CUSTOMER", null)).post("/api/v1/rate-tables")
                .then().statusCode(403).body("type", equalTo(PROBLEM + "missing-authorization"));
        String suspended = key();
        AccountsDouble.agentKey(suspended, tree.agent, false, Authorization.MANAGE_ACCOUNTS);
        as(suspended).contentType(ContentType.JSON).body(table("CUSTOMER", null)).post("/api/v1/rate-tables")
                .then().statusCode(403).body("type", equalTo(PROBLEM + "agent-inactive"));
        as(suspended).get("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(200);

        String forTop = create(AccountsDouble.ADMIN_KEY, table("CUSTOMER", tree.top.toString()));
        as(tree.topKey).get("/api/v1/rate-tables/" + forTop).then().statusCode(200);
        as(AccountsDouble.ADMIN_KEY).contentType(ContentType.JSON).body(table("CUSTOMER", UUID.randomUUID().toString()))
                .post("/api/v1/rate-tables").then().statusCode(422).body("type", equalTo(PROBLEM + "unknown-owner"))
                .body("errors[0].field", equalTo("ownerAccountId"));
        as(AccountsDouble.ADMIN_KEY).contentType(ContentType.JSON).body(table("VENDOR", tree.top.toString()))
                .post("/api/v1/rate-tables").then().statusCode(422).body("type", equalTo(PROBLEM + "vendor-table-owned"));
    }

    @Test
    void aTableAnAccountBuysOnCannotBeDeleted() {
        Tree tree = tree();
        AccountsDouble.ratePlanUsage(tree.topPlan, 2);
        as(tree.topKey).delete("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "rate-table-in-use"))
                .body("detail", equalTo("2 account(s) have rate table " + tree.topPlan
                        + " as their rate plan; give them another plan before deleting it"));
        as(tree.topKey).get("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(200).body("rows", equalTo(1));
        AccountsDouble.ratePlanUsage(tree.topPlan, 0);
        as(tree.topKey).delete("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(204);
        as(AccountsDouble.ADMIN_KEY).get("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(404);
    }

    @Test
    void aRevokedKeyIsRefusedOnceTheDocumentedCacheTimeHasPassed() {
        Tree tree = tree();
        as(tree.agentKey).get("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(200);
        AccountsDouble.revoke(tree.agentKey);
        assertEquals(Duration.ofSeconds(30), platform.principalCacheTtl(), "the documented default");
        clock.step(Duration.ofSeconds(29));
        as(tree.agentKey).get("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(200);
        clock.step(Duration.ofSeconds(2));
        as(tree.agentKey).get("/api/v1/rate-tables/" + tree.topPlan).then().statusCode(401)
                .body("type", equalTo(PROBLEM + "unauthenticated"));
    }

    @Test
    void getRateTableDescribesAnyTableToTheOtherServices() {
        Tree tree = tree();
        GetRateTableResponse plan = rating(true).getRateTable(GetRateTableRequest.newBuilder()
                .setRateTableId(tree.topPlan).build());
        assertEquals(tree.topPlan, plan.getRateTableId());
        assertEquals(RateTableKind.RATE_TABLE_KIND_CUSTOMER, plan.getKind());
        assertEquals("USD", plan.getCurrency());
        assertEquals(tree.top.toString(), plan.getOwnerAccountId());
        assertEquals(1, plan.getRowCount());
        GetRateTableResponse vendor = rating(true).getRateTable(GetRateTableRequest.newBuilder()
                .setRateTableId(tree.vendor).build());
        assertEquals(RateTableKind.RATE_TABLE_KIND_VENDOR, vendor.getKind());
        assertEquals("", vendor.getOwnerAccountId());

        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> rating(true)
                .getRateTable(GetRateTableRequest.newBuilder().setRateTableId(UUID.randomUUID().toString()).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class, () -> rating(true)
                .getRateTable(GetRateTableRequest.newBuilder().setRateTableId("dhaka-retail").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
        StatusRuntimeException stranger = assertThrows(StatusRuntimeException.class, () -> rating(false)
                .getRateTable(GetRateTableRequest.newBuilder().setRateTableId(tree.topPlan).build()));
        assertEquals(Status.Code.UNAUTHENTICATED, stranger.getStatus().getCode());
    }

    private RatingServiceGrpc.RatingServiceBlockingStub rating(boolean withServiceCredential) {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        }
        return RatingServiceGrpc.newBlockingStub(withServiceCredential ? ServiceChannel.authenticated(channel) : channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }
}
