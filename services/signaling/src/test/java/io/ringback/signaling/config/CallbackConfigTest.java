package io.ringback.signaling.config;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.ringback.common.Authorization;
import io.ringback.signaling.ConfigApi;
import io.ringback.signaling.adapter.persistence.CachedCallbackDirectory;
import io.ringback.signaling.core.trigger.Did;
import io.ringback.signaling.core.trigger.Trigger;
import io.ringback.signaling.core.trigger.TriggerLimits;
import io.ringback.signaling.core.trigger.TriggerRules;
import io.ringback.signaling.core.trigger.TriggerService;
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

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.ringback.signaling.ConfigApi.admin;
import static io.ringback.signaling.ConfigApi.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Callback services and DIDs over REST on real PostgreSQL: defaults, validation as problem
 * details naming the field, who owns and sees what, and the trigger's directory following every
 * change without a restart.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
@QuarkusTestResource(MediaDoubleResource.class)
@QuarkusTestResource(RatingDoubleResource.class)
class CallbackConfigTest {

    private static final String PROBLEM = "https://ringback.io/problems/";

    @Inject
    CachedCallbackDirectory directory;

    @Inject
    Clock clock;

    /** A platform template, in Spanish and English. */
    private String template;

    @BeforeEach
    void noDefaultKeyAndAPlatformTemplate() {
        RestAssured.requestSpecification = null;
        template = ConfigApi.template(null);
    }

    private String service(String extra) {
        return service(template, extra);
    }

    private static String service(String templateId, String extra) {
        return "{\"name\":\"svc-" + UUID.randomUUID() + "\",\"templateId\":\"" + templateId
                + "\",\"language\":\"es\"" + extra + "}";
    }

    private String createService(RequestSpecification who, String extra) {
        return createService(who, template, extra);
    }

    private static String createService(RequestSpecification who, String templateId, String extra) {
        return who.body(service(templateId, extra)).post("/api/v1/callback-services").then().statusCode(201)
                .extract().path("id");
    }

    private static String newNumber() {
        return "5255" + (10_000_000 + (int) (Math.random() * 89_999_999));
    }

    private static String did(String number, String serviceId, String extra) {
        return "{\"number\":\"" + number + "\",\"callbackServiceId\":\"" + serviceId
                + "\",\"trustedSources\":[\"203.0.113.0/24\"]" + extra + "}";
    }

    @Test
    void withoutAKnownKeyEveryEndpointAnswers401() {
        RestAssured.given().get("/api/v1/callback-services").then().statusCode(401)
                .body("type", equalTo(PROBLEM + "unauthenticated"));
        RestAssured.given().contentType(ContentType.JSON).body("{}").post("/api/v1/dids").then().statusCode(401);
        as("rbk_unknown").get("/api/v1/dids").then().statusCode(401);
    }

    @Test
    void aServiceTakesTheDocumentedDefaultsAndReadsBackAsCreated() {
        String id = admin().body(service("")).post("/api/v1/callback-services").then().statusCode(201)
                .header("Location", containsString("/api/v1/callback-services/"))
                .body("ownerAccountId", nullValue(), "ctdMode", nullValue(), "callerPolicy", equalTo("REGISTERED_ONLY"),
                        "minimumBalance", equalTo("0.000000"), "callbackDelaySeconds", equalTo(2), "attempts", equalTo(3),
                        "retryIntervalSeconds", equalTo(30), "ringTimeoutSeconds", equalTo(30),
                        "maxConcurrentCallbacks", equalTo(0), "rejectCode", equalTo(480), "unauthorizedCode", equalTo(403),
                        "redialAllowed", equalTo(false), "enabled", equalTo(true))
                .extract().path("id");
        String table = RatingDouble.ratePlan("USD", null);
        admin().body(service(",\"ctdMode\":\"FLOW\",\"flowRateTableId\":\"" + table + "\",\"callerPolicy\":\"PIN_ALLOWED\","
                        + "\"minimumBalance\":\"1.5\",\"rejectCode\":603,\"unauthorizedCode\":603,\"redialAllowed\":true,"
                        + "\"maxConcurrentCallbacks\":2,\"callbackDelaySeconds\":5"))
                .put("/api/v1/callback-services/" + id).then().statusCode(200)
                .body("ctdMode", equalTo("FLOW"), "flowRateTableId", equalTo(table), "minimumBalance", equalTo("1.500000"),
                        "rejectCode", equalTo(603), "unauthorizedCode", equalTo(603), "redialAllowed", equalTo(true),
                        "callerPolicy", equalTo("PIN_ALLOWED"), "maxConcurrentCallbacks", equalTo(2));
        admin().get("/api/v1/callback-services/" + id).then().statusCode(200)
                .body("minimumBalance", equalTo("1.500000"), "callbackDelaySeconds", equalTo(5));
    }

    @Test
    void invalidServicesAreRefusedNamingTheFieldAndNothingIsStored() {
        invalidService(",\"rejectCode\":200", "rejectCode").body("type", equalTo(PROBLEM + "invalid-input"),
                "detail", equalTo("rejectCode must be 480, 486 or 603 (a trigger is never answered), got 200"));
        invalidService(",\"rejectCode\":404", "rejectCode");
        invalidService(",\"unauthorizedCode\":480", "unauthorizedCode");
        invalidService(",\"minimumBalance\":\"1.1234567\"", "minimumBalance")
                .body("type", equalTo(PROBLEM + "invalid-amount"));
        invalidService(",\"minimumBalance\":\"-1\"", "minimumBalance");
        invalidService(",\"ctdMode\":\"FLOW\"", "flowRateTableId");
        invalidService(",\"ctdMode\":\"FLOW\",\"flowRateTableId\":\"" + UUID.randomUUID() + "\"", "flowRateTableId")
                .body("detail", containsString("names no rate table"));
        invalidService(",\"ctdMode\":\"FLOW\",\"flowRateTableId\":\"" + RatingDouble.vendorTable("USD") + "\"",
                "flowRateTableId").body("detail", containsString("a vendor cost table, not a customer price list"));
        invalidService(",\"attempts\":0", "attempts");
        invalidService(",\"ringTimeoutSeconds\":1000", "ringTimeoutSeconds");
        admin().body("{\"name\":\"x\",\"templateId\":\"" + UUID.randomUUID() + "\",\"language\":\"Spanish\"}")
                .post("/api/v1/callback-services").then().statusCode(400).body("errors.field", hasItem("language"));
        admin().body("{\"name\":\"x\",\"language\":\"es\"}").post("/api/v1/callback-services")
                .then().statusCode(400).body("errors.field", hasItem("templateId"));
        admin().body(service(",\"ctdMode\":\"BOTH\"")).post("/api/v1/callback-services").then().statusCode(400)
                .contentType("application/problem+json");
        admin().body(service(",\"colour\":\"red\"")).post("/api/v1/callback-services").then().statusCode(400);
        admin().get("/api/v1/callback-services/not-a-uuid").then().statusCode(400)
                .body("type", equalTo(PROBLEM + "invalid-parameter"));
        admin().get("/api/v1/callback-services/" + UUID.randomUUID()).then().statusCode(404)
                .body("type", equalTo(PROBLEM + "not-found"));
        String name = "svc-" + UUID.randomUUID();
        String body = "{\"name\":\"" + name + "\",\"templateId\":\"" + template + "\",\"language\":\"es\"}";
        admin().body(body).post("/api/v1/callback-services").then().statusCode(201);
        admin().body(body).post("/api/v1/callback-services").then().statusCode(409)
                .body("type", equalTo(PROBLEM + "name-taken"));
    }

    private io.restassured.response.ValidatableResponse invalidService(String extra, String field) {
        return admin().body(service(extra)).post("/api/v1/callback-services").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains(field));
    }

    @Test
    void aServiceNamesATemplateItsOwnerMayUseAndOneOfItsLanguages() {
        admin().body(service(UUID.randomUUID().toString(), "")).post("/api/v1/callback-services").then().statusCode(400)
                .body("errors.field", contains("templateId"));
        admin().body("{\"name\":\"svc-" + UUID.randomUUID() + "\",\"templateId\":\"" + template + "\",\"language\":\"fr\"}")
                .post("/api/v1/callback-services").then().statusCode(400).body("errors.field", contains("language"),
                        "detail", containsString("[es, en]"));
        admin().body("{\"name\":\"svc-" + UUID.randomUUID() + "\",\"templateId\":\"" + template + "\"}")
                .post("/api/v1/callback-services").then().statusCode(201).body("language", equalTo("es"));

        UUID agent = UUID.randomUUID();
        AccountsDouble.chain(agent);
        String key = "rbk_test-" + UUID.randomUUID();
        AccountsDouble.agentKey(key, agent, true, Authorization.ADD_DELETE_GATEWAYS);
        as(key).body(service("")).post("/api/v1/callback-services").then().statusCode(400)
                .body("errors.field", contains("templateId"), "detail", containsString("may use"));
        String own = ConfigApi.template(agent);
        String serviceId = createService(as(key), own, "");
        admin().delete("/api/v1/templates/" + own).then().statusCode(409).body("type", equalTo(PROBLEM + "template-in-use"));
        admin().delete("/api/v1/callback-services/" + serviceId).then().statusCode(204);
        admin().delete("/api/v1/templates/" + own).then().statusCode(204);
    }

    @Test
    void aDidIsStoredAsE164DigitsWithCanonicalTrustedSources() {
        String serviceId = createService(admin(), "");
        String number = newNumber();
        String spaced = "+" + number.substring(0, 2) + " " + number.substring(2, 4) + "-" + number.substring(4);
        String id = admin().body("{\"number\":\"" + spaced + "\",\"callbackServiceId\":\"" + serviceId
                        + "\",\"trustedSources\":[\"203.0.113.0/24\",\"2001:DB8:0::7\",\"::ffff:198.51.100.9\"],"
                        + "\"assertedIdentityTrusted\":true,\"normalization\":{\"countryCode\":\"52\","
                        + "\"nationalPrefix\":\"01\",\"nationalNumberLength\":10}}")
                .post("/api/v1/dids").then().statusCode(201)
                .body("number", equalTo(number), "trustedSources",
                        contains("203.0.113.0/24", "2001:db8:0:0:0:0:0:7", "198.51.100.9"),
                        "assertedIdentityTrusted", equalTo(true), "normalization.countryCode", equalTo("52"),
                        "normalization.nationalPrefix", equalTo("01"), "normalization.internationalPrefix", equalTo("00"),
                        "normalization.nationalNumberLength", equalTo(10), "enabled", equalTo(true))
                .extract().path("id");
        admin().get("/api/v1/dids/" + id).then().statusCode(200).body("number", equalTo(number));
        admin().body(did(number, serviceId, "")).post("/api/v1/dids").then().statusCode(409)
                .body("type", equalTo(PROBLEM + "number-taken"));
        admin().get("/api/v1/dids?serviceId=" + serviceId).then().statusCode(200)
                .body("total", equalTo(1), "items.number", contains(number));
    }

    @Test
    void invalidDidsAreRefusedNamingTheField() {
        String serviceId = createService(admin(), "");
        invalidDid("{\"number\":\"55-800-CALL\",\"callbackServiceId\":\"" + serviceId
                + "\",\"trustedSources\":[\"203.0.113.7\"]}", "number");
        invalidDid("{\"number\":\"012345678\",\"callbackServiceId\":\"" + serviceId
                + "\",\"trustedSources\":[\"203.0.113.7\"]}", "number");
        invalidDid(did(newNumber(), serviceId, "").replace("203.0.113.0/24", "10.0.0.1/8"), "trustedSources")
                .body("detail", containsString("host bits set; the range is 10.0.0.0/8"));
        invalidDid(did(newNumber(), serviceId, "").replace("203.0.113.0/24", "sip.provider.example"), "trustedSources")
                .body("detail", containsString("host names are not accepted"));
        invalidDid(did(newNumber(), serviceId, "").replace("203.0.113.0/24", "2001:db8::/129"), "trustedSources");
        invalidDid(did(newNumber(), serviceId, "").replace("\"203.0.113.0/24\"", ""), "trustedSources");
        invalidDid(did(newNumber(), serviceId, ",\"normalization\":{\"nationalPrefix\":\"0\"}"), "normalization");
        invalidDid(did(newNumber(), serviceId, ",\"normalization\":{\"countryCode\":\"052\"}"), "normalization");
        invalidDid(did(newNumber(), UUID.randomUUID().toString(), ""), "callbackServiceId");
    }

    private static io.restassured.response.ValidatableResponse invalidDid(String body, String field) {
        return admin().body(body).post("/api/v1/dids").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains(field));
    }

    @Test
    void theTriggerDirectoryFollowsEveryChangeWithoutARestart() {
        String serviceId = createService(admin(), ",\"rejectCode\":486,\"callbackDelaySeconds\":3,"
                + "\"maxConcurrentCallbacks\":4,\"minimumBalance\":\"2.25\",\"callerPolicy\":\"PIN_ALLOWED\"");
        String number = newNumber();
        String didId = admin().body(did(number, serviceId, ",\"normalization\":{\"countryCode\":\"52\","
                        + "\"nationalNumberLength\":10}")).post("/api/v1/dids").then().statusCode(201).extract().path("id");

        await().atMost(Duration.ofSeconds(5)).until(() -> directory.did(number).isPresent());
        Did did = directory.did(number).orElseThrow();
        assertEquals(serviceId, did.serviceId());
        assertTrue(did.trustedSources().trusts("203.0.113.77"));
        assertFalse(did.trustedSources().trusts("198.51.100.1"));
        TriggerService service = directory.service(serviceId).orElseThrow();
        assertEquals(486, service.rejectCode());
        assertEquals(Duration.ofSeconds(3), service.callbackDelay());
        assertEquals(4, service.maxConcurrentCallbacks());
        assertEquals(new BigDecimal("2.250000"), service.minimumBalance());
        assertEquals("es", service.language());
        assertTrue(service.pinCallersAllowed());

        // The trigger rules read this directory: a national caller ID is normalized by the DID's rule.
        TriggerRules rules = new TriggerRules(directory, new TriggerLimits(0, 0, 486, 503, 486, Duration.ofMinutes(5)),
                clock);
        TriggerRules.Screening screened = rules.screen(new Trigger(number, "203.0.113.77", List.of(), "5512345678",
                "call-" + UUID.randomUUID()));
        TriggerRules.Admitted admitted = assertInstanceOf(TriggerRules.Admitted.class, screened);
        assertEquals("525512345678", admitted.callerNumber());
        TriggerRules.Rejected spoofed = assertInstanceOf(TriggerRules.Rejected.class,
                rules.screen(new Trigger(number, "198.51.100.1", List.of(), "5512345678", "call-" + UUID.randomUUID())));
        assertEquals(403, spoofed.answer().sipCode());

        admin().body(did(number, serviceId, ",\"enabled\":false")).put("/api/v1/dids/" + didId).then().statusCode(200)
                .body("enabled", equalTo(false));
        await().atMost(Duration.ofSeconds(5)).until(() -> !directory.did(number).orElseThrow().enabled());
        assertEquals(404, assertInstanceOf(TriggerRules.Rejected.class,
                rules.screen(new Trigger(number, "203.0.113.77", List.of(), "5512345678", "c"))).answer().sipCode());

        admin().delete("/api/v1/callback-services/" + serviceId).then().statusCode(409)
                .body("type", equalTo(PROBLEM + "service-in-use"));
        admin().delete("/api/v1/dids/" + didId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> directory.did(number).isEmpty());
        admin().delete("/api/v1/callback-services/" + serviceId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> directory.service(serviceId).equals(Optional.empty()));
    }

    @Test
    void anAgentSeesAndChangesOnlyItsSubtreeAndOnlyWithTheGatewayAuthorizations() {
        UUID top = UUID.randomUUID();
        UUID sub = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        AccountsDouble.chain(sub, top);
        AccountsDouble.chain(other);
        String topKey = "rbk_test-" + UUID.randomUUID();
        String subKey = "rbk_test-" + UUID.randomUUID();
        String otherKey = "rbk_test-" + UUID.randomUUID();
        String readOnlyKey = "rbk_test-" + UUID.randomUUID();
        String suspendedKey = "rbk_test-" + UUID.randomUUID();
        AccountsDouble.agentKey(topKey, top, true, Authorization.ADD_DELETE_GATEWAYS, Authorization.MODIFY_GATEWAY_INFO);
        AccountsDouble.agentKey(subKey, sub, true, Authorization.ADD_DELETE_GATEWAYS);
        AccountsDouble.agentKey(otherKey, other, true, Authorization.ADD_DELETE_GATEWAYS, Authorization.MODIFY_GATEWAY_INFO);
        AccountsDouble.agentKey(readOnlyKey, top, true, Authorization.MANAGE_ACCOUNTS);
        AccountsDouble.agentKey(suspendedKey, top, false, Authorization.ADD_DELETE_GATEWAYS);

        String subTemplate = ConfigApi.template(sub);
        String otherTemplate = ConfigApi.template(other);
        String subService = as(subKey).body(service(subTemplate, "")).post("/api/v1/callback-services").then().statusCode(201)
                .body("ownerAccountId", equalTo(sub.toString())).extract().path("id");
        String topForSub = as(topKey).body(service(subTemplate, ",\"ownerAccountId\":\"" + sub + "\""))
                .post("/api/v1/callback-services").then().statusCode(201)
                .body("ownerAccountId", equalTo(sub.toString())).extract().path("id");
        String platform = createService(admin(), "");
        String otherService = createService(as(otherKey), otherTemplate, "");

        as(topKey).get("/api/v1/callback-services/" + subService).then().statusCode(200);
        as(subKey).get("/api/v1/callback-services/" + topForSub).then().statusCode(200);
        as(otherKey).get("/api/v1/callback-services/" + subService).then().statusCode(404);
        as(subKey).get("/api/v1/callback-services/" + platform).then().statusCode(404);
        as(subKey).get("/api/v1/callback-services?size=500").then().statusCode(200)
                .body("items.id", hasItem(subService), "items.id", not(hasItem(platform)),
                        "items.id", not(hasItem(otherService)));
        as(otherKey).get("/api/v1/callback-services?size=500").then().statusCode(200)
                .body("total", equalTo(1), "items.id", contains(otherService));
        as(subKey).body(service(",\"ownerAccountId\":\"" + top + "\"")).post("/api/v1/callback-services")
                .then().statusCode(400).body("errors.field", contains("ownerAccountId"));

        as(subKey).body(service("")).put("/api/v1/callback-services/" + subService).then().statusCode(403)
                .body("type", equalTo(PROBLEM + "missing-authorization"), "detail", containsString("MODIFY_GATEWAY_INFO"));
        as(readOnlyKey).body(service("")).post("/api/v1/callback-services").then().statusCode(403)
                .body("detail", containsString("ADD_DELETE_GATEWAYS"));
        as(suspendedKey).body(service("")).post("/api/v1/callback-services").then().statusCode(403)
                .body("type", equalTo(PROBLEM + "agent-inactive"));
        as(otherKey).body(service("")).put("/api/v1/callback-services/" + subService).then().statusCode(404);
        as(otherKey).delete("/api/v1/callback-services/" + subService).then().statusCode(404);

        String number = newNumber();
        as(otherKey).body(did(number, subService, "")).post("/api/v1/dids").then().statusCode(400)
                .body("errors.field", contains("callbackServiceId"));
        String didId = as(subKey).body(did(number, subService, "")).post("/api/v1/dids").then().statusCode(201)
                .extract().path("id");
        as(topKey).get("/api/v1/dids/" + didId).then().statusCode(200).body("number", equalTo(number));
        as(otherKey).get("/api/v1/dids/" + didId).then().statusCode(404);
        as(otherKey).get("/api/v1/dids?size=500").then().statusCode(200).body("items.id", not(hasItem(didId)));
        as(subKey).get("/api/v1/dids?serviceId=" + subService).then().statusCode(200)
                .body("total", equalTo(1), "items.id", contains(didId));
        as(otherKey).delete("/api/v1/dids/" + didId).then().statusCode(404);
        as(subKey).delete("/api/v1/dids/" + didId).then().statusCode(204);
    }

    @Test
    void listsArePagedWithTheirTotal() {
        UUID agent = UUID.randomUUID();
        AccountsDouble.chain(agent);
        String key = "rbk_test-" + UUID.randomUUID();
        AccountsDouble.agentKey(key, agent, true, Authorization.ADD_DELETE_GATEWAYS);
        String own = ConfigApi.template(agent);
        for (int i = 0; i < 3; i++) {
            createService(as(key), own, "");
        }
        as(key).get("/api/v1/callback-services?page=1&size=2").then().statusCode(200)
                .body("page", equalTo(1), "size", equalTo(2), "total", equalTo(3), "items.size()", equalTo(1));
        as(key).get("/api/v1/callback-services?size=501").then().statusCode(400).body("errors.field", contains("size"));
        as(key).get("/api/v1/dids?page=-1").then().statusCode(400).body("errors.field", contains("page"));
    }
}
