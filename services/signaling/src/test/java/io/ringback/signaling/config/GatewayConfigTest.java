package io.ringback.signaling.config;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.ringback.common.Authorization;
import io.ringback.signaling.SignalingTables;
import io.ringback.signaling.app.CredentialCipher;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.MediaDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.RatingDouble;
import io.ringback.testing.RatingDoubleResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static io.ringback.signaling.ConfigApi.admin;
import static io.ringback.signaling.ConfigApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Gateways over REST on real PostgreSQL: defaults, validation naming the field, 409 on a taken name,
 * ownership, paging, sealed digest credentials, the vendor rate table checked with rating (the
 * double), and the capacity authorization.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
@QuarkusTestResource(MediaDoubleResource.class)
@QuarkusTestResource(RatingDoubleResource.class)
class GatewayConfigTest {

    private static final String PROBLEM = "https://ringback.io/problems/";

    @Inject
    SignalingTables tables;

    @Inject
    CredentialCipher cipher;

    @BeforeEach
    void noDefaultKey() {
        RestAssured.requestSpecification = null;
    }

    private static String gateway(String extra) {
        return "{\"name\":\"gw-" + UUID.randomUUID() + "\",\"host\":\"198.51.100.10\",\"role\":\"destination\"" + extra + "}";
    }

    @Test
    void withoutAKnownKeyGatewaysAnswer401() {
        RestAssured.given().get("/api/v1/gateways").then().statusCode(401);
        RestAssured.given().contentType(ContentType.JSON).body(gateway("")).post("/api/v1/gateways").then().statusCode(401);
    }

    @Test
    void aGatewayTakesTheDocumentedDefaultsAndReadsBackAsReplaced() {
        String id = admin().body(gateway("")).post("/api/v1/gateways").then().statusCode(201)
                .body("port", equalTo(5060), "transport", equalTo("UDP"), "role", equalTo("DESTINATION"),
                        "stripPrefix", equalTo(""), "addPrefix", equalTo(""), "numberFormat", equalTo("E164"),
                        "capacity", equalTo(0), "callsPerSecond", equalTo(0), "priority", equalTo(100),
                        "enabled", equalTo(true), "ownerAccountId", nullValue())
                .extract().path("id");
        admin().body("{\"name\":\"carrier-" + id + "\",\"host\":\"sbc.example.net\",\"port\":5070,\"transport\":\"tcp\","
                        + "\"role\":\"BOTH\",\"stripPrefix\":\"00\",\"addPrefix\":\"7788\",\"numberFormat\":\"NATIONAL\","
                        + "\"capacity\":120,\"callsPerSecond\":10,\"priority\":5,\"enabled\":false}")
                .put("/api/v1/gateways/" + id).then().statusCode(200);
        admin().get("/api/v1/gateways/" + id).then().statusCode(200)
                .body("name", equalTo("carrier-" + id), "host", equalTo("sbc.example.net"), "port", equalTo(5070),
                        "transport", equalTo("TCP"), "role", equalTo("BOTH"), "stripPrefix", equalTo("00"),
                        "addPrefix", equalTo("7788"), "numberFormat", equalTo("NATIONAL"), "capacity", equalTo(120),
                        "callsPerSecond", equalTo(10), "priority", equalTo(5), "enabled", equalTo(false));
        admin().delete("/api/v1/gateways/" + id).then().statusCode(204);
        admin().get("/api/v1/gateways/" + id).then().statusCode(404).body("type", equalTo(PROBLEM + "not-found"));
    }

    @Test
    void invalidGatewaysAreRefusedNamingTheField() {
        invalid(",\"port\":70000", "port");
        invalid(",\"transport\":\"sctp\"", "transport");
        invalid(",\"numberFormat\":\"e.164\"", "numberFormat");
        invalid(",\"stripPrefix\":\"+00\"", "stripPrefix");
        invalid(",\"addPrefix\":\"12a\"", "addPrefix");
        invalid(",\"capacity\":-1", "capacity");
        invalid(",\"callsPerSecond\":-5", "callsPerSecond");
        invalid(",\"priority\":1001", "priority");
        admin().body("{\"name\":\"x\",\"host\":\"bad host!\",\"role\":\"BOTH\"}").post("/api/v1/gateways").then()
                .statusCode(400).body("errors.field", contains("host"));
        admin().body("{\"name\":\"x\",\"host\":\"198.51.100.1\",\"role\":\"ingress\"}").post("/api/v1/gateways").then()
                .statusCode(400).body("errors.field", contains("role"));
        admin().body("{\"host\":\"198.51.100.1\",\"role\":\"BOTH\"}").post("/api/v1/gateways").then()
                .statusCode(400).body("errors.field", contains("name"));
    }

    private static void invalid(String extra, String field) {
        admin().body(gateway(extra)).post("/api/v1/gateways").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains(field));
    }

    @Test
    void aTakenNameIs409() {
        String body = "{\"name\":\"gw-" + UUID.randomUUID() + "\",\"host\":\"198.51.100.10\",\"role\":\"CALLBACK\"}";
        admin().body(body).post("/api/v1/gateways").then().statusCode(201);
        admin().body(body).post("/api/v1/gateways").then().statusCode(409).body("type", equalTo(PROBLEM + "name-taken"));
    }

    @Test
    void anAgentSeesOnlyItsOwnGatewaysPaged() {
        UUID agent = UUID.randomUUID();
        AccountsDouble.chain(agent);
        String key = "rbk_test-" + UUID.randomUUID();
        AccountsDouble.agentKey(key, agent, true, Authorization.ADD_DELETE_GATEWAYS);
        String platform = admin().body(gateway("")).post("/api/v1/gateways").then().statusCode(201).extract().path("id");
        for (int i = 0; i < 3; i++) {
            as(key).body(gateway("")).post("/api/v1/gateways").then().statusCode(201)
                    .body("ownerAccountId", equalTo(agent.toString()));
        }
        as(key).get("/api/v1/gateways?page=1&size=2").then().statusCode(200)
                .body("page", equalTo(1), "size", equalTo(2), "total", equalTo(3), "items.size()", equalTo(1));
        as(key).get("/api/v1/gateways/" + platform).then().statusCode(404);
        String other = "rbk_test-" + UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        AccountsDouble.chain(stranger);
        AccountsDouble.agentKey(other, stranger, true);
        as(other).body(gateway("")).post("/api/v1/gateways").then().statusCode(403);
    }

    private byte[] storedPassword(String id) throws SQLException {
        try (Connection connection = tables.connection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT digest_password FROM gateway WHERE id = ?::uuid")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getBytes(1);
            }
        }
    }

    @Test
    void digestCredentialsAreSealedAndThePasswordIsNeverReturned() throws SQLException {
        String id = admin().body(gateway(",\"digestUsername\":\"ringback-mx\",\"digestPassword\":\"Tr0nk-s3cret\""))
                .post("/api/v1/gateways").then().statusCode(201)
                .body("digestUsername", equalTo("ringback-mx"), "digestPasswordSet", equalTo(true),
                        "$", not(hasKey("digestPassword")))
                .extract().path("id");
        byte[] sealed = storedPassword(id);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("Tr0nk"), "the password is not stored in clear");
        assertEquals("Tr0nk-s3cret", cipher.open(UUID.fromString(id), sealed), "it opens to answer a digest challenge");
        String body = admin().get("/api/v1/gateways/" + id).then().statusCode(200).extract().asString();
        assertFalse(body.contains("Tr0nk"), body);

        String name = "gw-" + UUID.randomUUID();
        admin().body("{\"name\":\"" + name + "\",\"host\":\"198.51.100.10\",\"role\":\"BOTH\",\"digestUsername\":\"ringback-mx2\"}")
                .put("/api/v1/gateways/" + id).then().statusCode(200)
                .body("digestUsername", equalTo("ringback-mx2"), "digestPasswordSet", equalTo(true));
        assertEquals("Tr0nk-s3cret", cipher.open(UUID.fromString(id), storedPassword(id)), "absent password: kept");
        admin().body("{\"name\":\"" + name + "\",\"host\":\"198.51.100.10\",\"role\":\"BOTH\"}")
                .put("/api/v1/gateways/" + id).then().statusCode(200)
                .body("digestUsername", nullValue(), "digestPasswordSet", equalTo(false));
        assertNull(storedPassword(id), "no username: the credentials are removed");

        invalid(",\"digestUsername\":\"ringback-mx\"", "digestPassword");
        invalid(",\"digestPassword\":\"x\"", "digestUsername");
        invalid(",\"digestUsername\":\"has space\",\"digestPassword\":\"x\"", "digestUsername");
    }

    @Test
    void aVendorRateTableIsCheckedWithRating() {
        String vendor = RatingDouble.vendorTable("USD");
        admin().body(gateway(",\"vendorRateTableId\":\"" + vendor + "\"")).post("/api/v1/gateways").then().statusCode(201)
                .body("vendorRateTableId", equalTo(vendor));
        admin().body(gateway(",\"vendorRateTableId\":\"" + UUID.randomUUID() + "\"")).post("/api/v1/gateways").then()
                .statusCode(400).body("errors.field", contains("vendorRateTableId"), "detail", containsString("names no rate table"));
        admin().body(gateway(",\"vendorRateTableId\":\"" + RatingDouble.ratePlan("USD", null) + "\"")).post("/api/v1/gateways")
                .then().statusCode(400).body("errors.field", contains("vendorRateTableId"), "detail", containsString("a customer price list, not a vendor cost table"));
        String name = "gw-" + UUID.randomUUID();
        RatingDouble.unavailable(true);
        try {
            admin().body("{\"name\":\"" + name + "\",\"host\":\"198.51.100.10\",\"role\":\"BOTH\",\"vendorRateTableId\":\""
                            + vendor + "\"}")
                    .post("/api/v1/gateways").then().statusCode(503).body("type", equalTo(PROBLEM + "rating-unavailable"));
        } finally {
            RatingDouble.unavailable(false);
        }
        admin().get("/api/v1/gateways?size=500").then().statusCode(200).body("items.name", not(hasItem(name)));
    }

    @Test
    void anAgentChangesCapacityOrCallsPerSecondOnlyWithModifyGatewayCapacity() {
        UUID agent = UUID.randomUUID();
        AccountsDouble.chain(agent);
        String info = "rbk_test-" + UUID.randomUUID();
        String capacity = "rbk_test-" + UUID.randomUUID();
        AccountsDouble.agentKey(info, agent, true, Authorization.ADD_DELETE_GATEWAYS, Authorization.MODIFY_GATEWAY_INFO);
        AccountsDouble.agentKey(capacity, agent, true, Authorization.MODIFY_GATEWAY_INFO,
                Authorization.MODIFY_GATEWAY_CAPACITY);
        String name = "gw-" + UUID.randomUUID();
        String id = as(info).body("{\"name\":\"" + name + "\",\"host\":\"198.51.100.10\",\"role\":\"BOTH\",\"capacity\":30,"
                + "\"callsPerSecond\":5}").post("/api/v1/gateways").then().statusCode(201).extract().path("id");
        as(info).body("{\"name\":\"" + name + "\",\"host\":\"sbc.example.net\",\"role\":\"BOTH\",\"capacity\":30,"
                + "\"callsPerSecond\":5}").put("/api/v1/gateways/" + id).then().statusCode(200).body("host", equalTo("sbc.example.net"));
        as(info).body("{\"name\":\"" + name + "\",\"host\":\"sbc.example.net\",\"role\":\"BOTH\",\"capacity\":60,"
                        + "\"callsPerSecond\":5}").put("/api/v1/gateways/" + id).then().statusCode(403)
                .body("type", equalTo(PROBLEM + "missing-authorization"), "detail", containsString("MODIFY_GATEWAY_CAPACITY"));
        as(info).body("{\"name\":\"" + name + "\",\"host\":\"sbc.example.net\",\"role\":\"BOTH\",\"capacity\":30,"
                + "\"callsPerSecond\":6}").put("/api/v1/gateways/" + id).then().statusCode(403);
        as(capacity).body("{\"name\":\"" + name + "\",\"host\":\"sbc.example.net\",\"role\":\"BOTH\",\"capacity\":60,"
                        + "\"callsPerSecond\":6}").put("/api/v1/gateways/" + id).then().statusCode(200)
                .body("capacity", equalTo(60), "callsPerSecond", equalTo(6));
    }
}
