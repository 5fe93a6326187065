package io.ringback.signaling.config;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ringback.common.Authorization;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.MediaDouble;
import io.ringback.testing.MediaDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.RatingDoubleResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.ringback.signaling.ConfigApi.admin;
import static io.ringback.signaling.ConfigApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * IVR templates over REST on real PostgreSQL, prompts checked against media's CheckPrompts (the
 * double): defaults, validation naming the field, transformation rules tested with their example,
 * the default gateway, ownership, paging.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
@QuarkusTestResource(MediaDoubleResource.class)
@QuarkusTestResource(RatingDoubleResource.class)
class TemplateConfigTest {

    private static final String PROBLEM = "https://ringback.io/problems/";

    @BeforeEach
    void noDefaultKey() {
        RestAssured.requestSpecification = null;
    }

    @AfterEach
    void mediaUp() {
        MediaDouble.unavailable(false);
    }

    private static String template(String extra) {
        return "{\"name\":\"tpl-" + UUID.randomUUID() + "\",\"languages\":[\"es\"]" + extra + "}";
    }

    private static String gateway(String role) {
        return admin().body("{\"name\":\"gw-" + UUID.randomUUID() + "\",\"host\":\"198.51.100.10\",\"role\":\"" + role + "\"}")
                .post("/api/v1/gateways").then().statusCode(201).extract().path("id");
    }

    @Test
    void withoutAKnownKeyTemplatesAnswer401() {
        RestAssured.given().get("/api/v1/templates").then().statusCode(401);
    }

    @Test
    void aTemplateTakesTheDocumentedDefaultsAndReadsBackAsReplaced() {
        String id = admin().body(template("")).post("/api/v1/templates").then().statusCode(201)
                .body("ownerAccountId", nullValue(), "languages", contains("es"), "prompts.welcome", equalTo("welcome"),
                        "prompts.goodbye", equalTo("goodbye"), "prompts.size()", equalTo(9),
                        "prompts.music_on_hold", nullValue(), "dtmfTimeoutSeconds", equalTo(10),
                        "interDigitTimeoutSeconds", equalTo(5), "maxRetries", equalTo(3), "terminator", equalTo("#"),
                        "destinationPattern", equalTo("[0-9]+"), "destinationMinLength", equalTo(4),
                        "destinationMaxLength", equalTo(20), "transformationRules.size()", equalTo(0),
                        "confirmDestination", equalTo(true), "defaultGatewayId", nullValue())
                .extract().path("id");
        String gateway = gateway("DESTINATION");
        admin().body("{\"name\":\"premium-" + id + "\",\"languages\":[\"en\",\"es\"],\"prompts\":{\"welcome\":\"welcome\","
                        + "\"enter_pin\":\"enter_pin\",\"enter_destination\":\"enter_destination\",\"confirm\":\"confirm\","
                        + "\"connecting\":\"connecting\",\"invalid_destination\":\"invalid_destination\","
                        + "\"insufficient_balance\":\"insufficient_balance\",\"route_failed\":\"route_failed\","
                        + "\"goodbye\":\"goodbye\",\"music_on_hold\":\"music_on_hold\"},\"dtmfTimeoutSeconds\":15,"
                        + "\"interDigitTimeoutSeconds\":3,\"maxRetries\":1,\"terminator\":\"\",\"destinationPattern\":\"(00|0)?[1-9][0-9]+\","
                        + "\"destinationMinLength\":8,\"destinationMaxLength\":17,\"confirmDestination\":false,"
                        + "\"defaultGatewayId\":\"" + gateway + "\",\"transformationRules\":["
                        + "{\"pattern\":\"00([1-9][0-9]+)\",\"replacement\":\"$1\",\"example\":\"0044207946000\",\"expected\":\"44207946000\"},"
                        + "{\"pattern\":\"0([1-9][0-9]{9})\",\"replacement\":\"52$1\",\"example\":\"05512345678\",\"expected\":\"525512345678\"}]}")
                .put("/api/v1/templates/" + id).then().statusCode(200);
        admin().get("/api/v1/templates/" + id).then().statusCode(200)
                .body("name", equalTo("premium-" + id), "languages", contains("en", "es"), "prompts.size()", equalTo(10),
                        "prompts.music_on_hold", equalTo("music_on_hold"), "dtmfTimeoutSeconds", equalTo(15),
                        "interDigitTimeoutSeconds", equalTo(3), "maxRetries", equalTo(1), "terminator", equalTo(""),
                        "destinationPattern", equalTo("(00|0)?[1-9][0-9]+"), "destinationMinLength", equalTo(8),
                        "destinationMaxLength", equalTo(17), "confirmDestination", equalTo(false),
                        "defaultGatewayId", equalTo(gateway),
                        "transformationRules.pattern", contains("00([1-9][0-9]+)", "0([1-9][0-9]{9})"),
                        "transformationRules[1].replacement", equalTo("52$1"),
                        "transformationRules[1].expected", equalTo("525512345678"));
        admin().delete("/api/v1/gateways/" + gateway).then().statusCode(409).body("type", equalTo(PROBLEM + "gateway-in-use"));
        admin().delete("/api/v1/templates/" + id).then().statusCode(204);
        admin().get("/api/v1/templates/" + id).then().statusCode(404).body("type", equalTo(PROBLEM + "not-found"));
        admin().delete("/api/v1/gateways/" + gateway).then().statusCode(204);
    }

    @Test
    void invalidTemplatesAreRefusedNamingTheField() {
        invalid("{\"name\":\"x\",\"languages\":[]}", "languages");
        invalid("{\"name\":\"x\"}", "languages");
        invalid("{\"name\":\"x\",\"languages\":[\"es\",\"Spanish\"]}", "languages[1]");
        invalid("{\"name\":\"x\",\"languages\":[\"es\",\"es\"]}", "languages");
        invalid(template(",\"prompts\":{\"welcome\":\"welcome\"}"), "prompts.enter_pin");
        invalid(template(",\"prompts\":{\"greeting\":\"welcome\"}"), "prompts.greeting");
        invalid(template(",\"terminator\":\"x\""), "terminator");
        invalid(template(",\"dtmfTimeoutSeconds\":0"), "dtmfTimeoutSeconds");
        invalid(template(",\"maxRetries\":11"), "maxRetries");
        invalid(template(",\"destinationPattern\":\"[0-9\""), "destinationPattern");
        invalid(template(",\"destinationMinLength\":10,\"destinationMaxLength\":9"), "destinationMaxLength");
        invalid("{\"languages\":[\"es\"]}", "name");
        admin().body(template(",\"prompts\":{\"welcome\":\"welcome\"}")).post("/api/v1/templates").then().statusCode(400)
                .body("errors.field", hasItem("prompts.goodbye"), "errors.field", not(hasItem("prompts.welcome")),
                        "errors.field", not(hasItem("prompts.music_on_hold")));
    }

    private static void invalid(String body, String field) {
        admin().body(body).post("/api/v1/templates").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    @Test
    void aRuleWhoseExampleDoesNotGiveTheExpectedNumberIsRefusedNamingTheRule() {
        String good = "{\"pattern\":\"00([1-9][0-9]+)\",\"replacement\":\"$1\",\"example\":\"0044207946000\",\"expected\":\"44207946000\"}";
        admin().body(template(",\"transformationRules\":[" + good + ",{\"pattern\":\"0([1-9][0-9]{9})\",\"replacement\":\"521$1\","
                        + "\"example\":\"05512345678\",\"expected\":\"525512345678\"}]"))
                .post("/api/v1/templates").then().statusCode(400)
                .body("type", equalTo(PROBLEM + "transformation-rule-failed"), "errors.field", contains("transformationRules[1]"),
                        "detail", equalTo("rule 1 (0([1-9][0-9]{9}) -> 521$1) turns example '05512345678' into "
                                + "'5215512345678', not the expected '525512345678'"));
        admin().body(template(",\"transformationRules\":[{\"pattern\":\"0([1-9\",\"replacement\":\"$1\","
                        + "\"example\":\"0123\",\"expected\":\"123\"}]"))
                .post("/api/v1/templates").then().statusCode(400)
                .body("type", equalTo(PROBLEM + "transformation-rule-failed"), "errors.field", contains("transformationRules[0]"),
                        "detail", containsString("is not a regular expression"));
        admin().body(template(",\"transformationRules\":[" + good + ",{\"pattern\":\"0([1-9]+)\",\"replacement\":\"52$2\","
                        + "\"example\":\"0123\",\"expected\":\"52123\"}]"))
                .post("/api/v1/templates").then().statusCode(400).body("errors.field", contains("transformationRules[1]"));
        admin().body(template(",\"transformationRules\":[{\"pattern\":\"0(.*)\",\"replacement\":\"$1\","
                        + "\"example\":\"0123\",\"expected\":\"+123\"}]"))
                .post("/api/v1/templates").then().statusCode(400).body("errors.field", contains("transformationRules[0].expected"));
    }

    @Test
    void everyPromptIsCheckedWithMediaInEveryLanguageForTheOwner() {
        admin().body("{\"name\":\"tpl-" + UUID.randomUUID() + "\",\"languages\":[\"es\",\"fr\"]}")
                .post("/api/v1/templates").then().statusCode(400)
                .body("type", equalTo(PROBLEM + "unknown-prompt"), "errors.size()", equalTo(9),
                        "errors[0].message", equalTo("names prompt 'welcome', which media has not in language 'fr'"));
        UUID agent = UUID.randomUUID();
        AccountsDouble.chain(agent);
        MediaDouble.prompt("es", agent, "bienvenida_vip");
        String prompts = ",\"prompts\":{\"welcome\":\"bienvenida_vip\",\"enter_pin\":\"enter_pin\","
                + "\"enter_destination\":\"enter_destination\",\"confirm\":\"confirm\",\"connecting\":\"connecting\","
                + "\"invalid_destination\":\"invalid_destination\",\"insufficient_balance\":\"insufficient_balance\","
                + "\"route_failed\":\"route_failed\",\"goodbye\":\"goodbye\"}";
        admin().body(template(prompts)).post("/api/v1/templates").then().statusCode(400)
                .body("errors.field", contains("prompts.welcome"));
        admin().body(template(prompts + ",\"ownerAccountId\":\"" + agent + "\"")).post("/api/v1/templates").then()
                .statusCode(201).body("prompts.welcome", equalTo("bienvenida_vip"));

        String name = "tpl-" + UUID.randomUUID();
        MediaDouble.unavailable(true);
        admin().body("{\"name\":\"" + name + "\",\"languages\":[\"es\"]}").post("/api/v1/templates").then().statusCode(503)
                .body("type", equalTo(PROBLEM + "media-unavailable"));
        MediaDouble.unavailable(false);
        admin().get("/api/v1/templates?size=500").then().statusCode(200).body("items.name", not(hasItem(name)));
    }

    @Test
    void theDefaultGatewayMustExistTakeDestinationLegsAndBeTheOwners() {
        invalid(template(",\"defaultGatewayId\":\"" + UUID.randomUUID() + "\""), "defaultGatewayId");
        admin().body(template(",\"defaultGatewayId\":\"" + gateway("CALLBACK") + "\"")).post("/api/v1/templates").then()
                .statusCode(400).body("errors.field", contains("defaultGatewayId"), "detail", containsString("role CALLBACK"));
        admin().body(template(",\"defaultGatewayId\":\"" + gateway("BOTH") + "\"")).post("/api/v1/templates").then()
                .statusCode(201);

        UUID agent = UUID.randomUUID();
        AccountsDouble.chain(agent);
        String key = "rbk_test-" + UUID.randomUUID();
        AccountsDouble.agentKey(key, agent, true, Authorization.ADD_DELETE_GATEWAYS);
        as(key).body(template(",\"defaultGatewayId\":\"" + gateway("DESTINATION") + "\"")).post("/api/v1/templates")
                .then().statusCode(400).body("errors.field", contains("defaultGatewayId"));
        String own = as(key).body("{\"name\":\"gw-" + UUID.randomUUID() + "\",\"host\":\"198.51.100.10\",\"role\":\"DESTINATION\"}")
                .post("/api/v1/gateways").then().statusCode(201).extract().path("id");
        as(key).body(template(",\"defaultGatewayId\":\"" + own + "\"")).post("/api/v1/templates").then().statusCode(201)
                .body("ownerAccountId", equalTo(agent.toString()), "defaultGatewayId", equalTo(own));
    }

    @Test
    void aTemplateInUseCannotBeMovedToAnotherOwner() {
        UUID agent = UUID.randomUUID();
        AccountsDouble.chain(agent);
        String id = admin().body(template("")).post("/api/v1/templates").then().statusCode(201).extract().path("id");
        String service = admin().body("{\"name\":\"svc-" + UUID.randomUUID() + "\",\"templateId\":\"" + id + "\"}")
                .post("/api/v1/callback-services").then().statusCode(201).extract().path("id");
        String name = "tpl-" + UUID.randomUUID();
        String moved = "{\"name\":\"" + name + "\",\"languages\":[\"es\"],\"ownerAccountId\":\"" + agent + "\"}";
        admin().body(moved).put("/api/v1/templates/" + id).then().statusCode(409)
                .body("type", equalTo(PROBLEM + "template-in-use"));
        admin().get("/api/v1/templates/" + id).then().statusCode(200).body("ownerAccountId", nullValue());
        admin().delete("/api/v1/callback-services/" + service).then().statusCode(204);
        admin().body(moved).put("/api/v1/templates/" + id).then().statusCode(200)
                .body("ownerAccountId", equalTo(agent.toString()), "name", equalTo(name));
    }

    @Test
    void theOpenApiDocumentsTemplatesAndNeverAGatewaysPassword() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/templates"), "paths", hasKey("/api/v1/templates/{id}"),
                        "components.schemas.TemplateRequest.properties", hasKey("transformationRules"),
                        "components.schemas.GatewayRequest.properties", hasKey("digestPassword"),
                        "components.schemas.GatewayView.properties", hasKey("digestPasswordSet"),
                        "components.schemas.GatewayView.properties", not(hasKey("digestPassword")));
    }

    @Test
    void anAgentSeesOnlyItsSubtreesTemplatesPagedAndNeedsTheAuthorizations() {
        UUID top = UUID.randomUUID();
        UUID sub = UUID.randomUUID();
        AccountsDouble.chain(sub, top);
        String topKey = "rbk_test-" + UUID.randomUUID();
        String subKey = "rbk_test-" + UUID.randomUUID();
        String readOnly = "rbk_test-" + UUID.randomUUID();
        AccountsDouble.agentKey(topKey, top, true, Authorization.ADD_DELETE_GATEWAYS);
        AccountsDouble.agentKey(subKey, sub, true, Authorization.ADD_DELETE_GATEWAYS, Authorization.MODIFY_GATEWAY_INFO);
        AccountsDouble.agentKey(readOnly, top, true);
        String platform = admin().body(template("")).post("/api/v1/templates").then().statusCode(201).extract().path("id");
        String topOwn = as(topKey).body(template("")).post("/api/v1/templates").then().statusCode(201)
                .body("ownerAccountId", equalTo(top.toString())).extract().path("id");
        String subOwn = as(subKey).body(template("")).post("/api/v1/templates").then().statusCode(201).extract().path("id");
        String third = as(subKey).body(template("")).post("/api/v1/templates").then().statusCode(201).extract().path("id");

        as(topKey).get("/api/v1/templates?size=2").then().statusCode(200)
                .body("total", equalTo(3), "items.size()", equalTo(2));
        as(topKey).get("/api/v1/templates?page=1&size=2").then().statusCode(200).body("items.size()", equalTo(1));
        as(subKey).get("/api/v1/templates?size=50").then().statusCode(200)
                .body("items.id", containsInAnyOrder(subOwn, third));
        as(subKey).get("/api/v1/templates/" + topOwn).then().statusCode(404);
        as(topKey).get("/api/v1/templates/" + platform).then().statusCode(404);
        as(topKey).body(template("")).put("/api/v1/templates/" + subOwn).then().statusCode(403)
                .body("detail", containsString("MODIFY_GATEWAY_INFO"));
        as(readOnly).body(template("")).post("/api/v1/templates").then().statusCode(403)
                .body("detail", containsString("ADD_DELETE_GATEWAYS"));
        String name = "tpl-" + UUID.randomUUID();
        as(subKey).body("{\"name\":\"" + name + "\",\"languages\":[\"en\"]}").put("/api/v1/templates/" + third)
                .then().statusCode(200).body("name", equalTo(name), "languages", contains("en"));
        as(subKey).body("{\"name\":\"" + name + "\",\"languages\":[\"en\"]}").post("/api/v1/templates")
                .then().statusCode(409).body("type", equalTo(PROBLEM + "name-taken"));
    }
}
