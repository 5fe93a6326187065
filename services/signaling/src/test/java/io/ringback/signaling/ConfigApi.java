package io.ringback.signaling;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.MediaDouble;

import java.util.UUID;

/** Requests to signaling's configuration API as a BSS key would send them, for the tests that provision through it. */
public final class ConfigApi {

    private ConfigApi() {
    }

    /** A JSON request carrying {@code key} as its bearer key. */
    public static RequestSpecification as(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    /** A JSON request as the platform's administrator. */
    public static RequestSpecification admin() {
        return as(AccountsDouble.ADMIN_KEY);
    }

    /**
     * Creates, as the admin, a template of {@code owner} (null: the platform) in Spanish and English
     * playing the shipped prompts ({@link MediaDouble}); answers its id.
     */
    public static String template(UUID owner) {
        return admin().body("{\"name\":\"tpl-" + UUID.randomUUID() + "\",\"languages\":[\"es\",\"en\"]"
                        + (owner == null ? "" : ",\"ownerAccountId\":\"" + owner + "\"") + "}")
                .post("/api/v1/templates").then().statusCode(201).extract().path("id");
    }
}
