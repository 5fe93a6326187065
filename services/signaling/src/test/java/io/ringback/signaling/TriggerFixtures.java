package io.ringback.signaling;

import io.ringback.signaling.adapter.persistence.CachedCallbackDirectory;

import java.time.Duration;
import java.util.UUID;

import static io.ringback.signaling.ConfigApi.admin;
import static io.ringback.signaling.ConfigApi.template;
import static org.awaitility.Awaitility.await;

/** What the trigger tests set up: a callback service with its DID, over REST. */
public final class TriggerFixtures {

    private TriggerFixtures() {
    }

    /** A random Mexico City national number (10 digits). */
    public static String newNational() {
        return "55" + (10_000_000 + (int) (Math.random() * 89_999_999));
    }

    /**
     * A callback service (Spanish, on a new platform template, plus {@code serviceFields}) and its DID {@code number}
     * (Mexican caller IDs, plus {@code didFields}, which must name the trusted sources), created as the
     * platform's administrator (the test needs the media double for the template); returns once the trigger's directory has both. Fields are JSON members
     * without the braces.
     *
     * @return the service's id
     */
    public static String provision(CachedCallbackDirectory directory, String number, String serviceFields,
                                   String didFields) {
        String serviceId = admin()
                .body("{\"name\":\"svc-" + UUID.randomUUID() + "\",\"templateId\":\"" + template(null)
                        + "\",\"language\":\"es\"," + serviceFields + "}")
                .post("/api/v1/callback-services").then().statusCode(201).extract().path("id");
        admin()
                .body("{\"number\":\"" + number + "\",\"callbackServiceId\":\"" + serviceId
                        + "\",\"normalization\":{\"countryCode\":\"52\",\"nationalNumberLength\":10}," + didFields + "}")
                .post("/api/v1/dids").then().statusCode(201);
        await().atMost(Duration.ofSeconds(5)).until(() -> directory.did(number).isPresent()
                && directory.service(serviceId).isPresent());
        return serviceId;
    }
}
