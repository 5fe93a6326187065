package io.ringback.signaling.config;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.ringback.common.Authorization;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.ringback.signaling.ConfigApi.admin;
import static io.ringback.signaling.ConfigApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Gateways over REST on real PostgreSQL: defaults, validation naming the field, 409 on a taken name, ownership, paging. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
class GatewayConfigTest {

    private static final String PROBLEM = "https://ringback.io/problems/";

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
}
