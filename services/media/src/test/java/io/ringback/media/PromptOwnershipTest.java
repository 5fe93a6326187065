package io.ringback.media;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.ringback.media.codec.G711;
import io.ringback.media.codec.Law;
import io.ringback.media.wav.G711Wav;
import io.ringback.proto.media.v1.CheckPromptsRequest;
import io.ringback.proto.media.v1.CreateEndpointRequest;
import io.ringback.proto.media.v1.CreateEndpointResponse;
import io.ringback.proto.media.v1.DestroyEndpointRequest;
import io.ringback.proto.media.v1.MediaServiceGrpc;
import io.ringback.proto.media.v1.PlayRequest;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue #9 on media: platform prompts for everyone, an agent's own prompt set for its own calls,
 * another agent's set nonexistent (404), and both APIs closed to callers without credentials.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
class PromptOwnershipTest {

    private static final UUID AGENT_A = UUID.randomUUID();
    private static final UUID AGENT_B = UUID.randomUUID();
    private static final String KEY_A = "rbk_agent-a-" + AGENT_A;
    private static final String KEY_B = "rbk_agent-b-" + AGENT_B;
    private static final String KEY_SUSPENDED = "rbk_suspended-" + AGENT_A;
    private static ManagedChannel channel;

    private final byte[] toneOfB = new G711Wav(Law.PCMU, G711.encode(Law.PCMU, MediaServiceTest.tone(700, 1600))).toWav();

    @BeforeAll
    static void agents() {
        AccountsDouble.agentKey(KEY_A, AGENT_A, true);
        AccountsDouble.agentKey(KEY_B, AGENT_B, true);
        AccountsDouble.agentKey(KEY_SUSPENDED, AGENT_A, false);
        AccountsDouble.chain(AGENT_A);
        AccountsDouble.chain(AGENT_B);
    }

    @BeforeEach
    void noDefaultKey() {
        RestAssured.requestSpecification = null;
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        }
    }

    @AfterAll
    static void close() {
        channel.shutdownNow();
        channel = null;
    }

    private static RequestSpecification as(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key);
    }

    private static MediaServiceGrpc.MediaServiceBlockingStub grpc() {
        return MediaServiceGrpc.newBlockingStub(ServiceChannel.authenticated(channel));
    }

    @Test
    void anAgentManagesItsOwnSetAndAnotherAgentsSetDoesNotExistForIt() {
        as(KEY_B).contentType("audio/wav").body(toneOfB).put("/api/v1/prompts/en/welcome").then().statusCode(201)
                .body("ownerAccountId", equalTo(AGENT_B.toString())).body("source", equalTo("uploaded"));
        as(KEY_B).contentType("audio/wav").body(toneOfB).put("/api/v1/prompts/en/b_promo").then().statusCode(201);

        // B hears its own welcome; A (and the platform) still the shipped one.
        assertArrayEquals(toneOfB, as(KEY_B).get("/api/v1/prompts/en/welcome").then().statusCode(200).extract().asByteArray());
        byte[] shipped = as(AccountsDouble.ADMIN_KEY).get("/api/v1/prompts/en/welcome").then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(shipped, as(KEY_A).get("/api/v1/prompts/en/welcome").then().statusCode(200).extract().asByteArray());
        as(KEY_A).get("/api/v1/prompts/en/b_promo").then().statusCode(404);

        // Naming B's set with A's key: 404 for reading, listing, replacing and deleting.
        String ownerB = "?owner=" + AGENT_B;
        as(KEY_A).get("/api/v1/prompts/en/welcome" + ownerB).then().statusCode(404)
                .contentType("application/problem+json");
        as(KEY_A).get("/api/v1/prompts" + ownerB).then().statusCode(404);
        as(KEY_A).contentType("audio/wav").body(shipped).put("/api/v1/prompts/en/welcome" + ownerB).then().statusCode(404);
        as(KEY_A).delete("/api/v1/prompts/en/b_promo" + ownerB).then().statusCode(404);
        // A's list has the platform's prompts and none of B's.
        as(KEY_A).queryParam("language", "en").queryParam("size", 500).get("/api/v1/prompts").then().statusCode(200)
                .body("items.findAll { it.ownerAccountId != null }.size()", equalTo(0))
                .body("items.name", not(hasItem("b_promo")));
        as(KEY_B).queryParam("language", "en").get("/api/v1/prompts").then().statusCode(200)
                .body("items[0].ownerAccountId", equalTo(AGENT_B.toString()))
                .body("items.findAll { it.name == 'welcome' }.source", equalTo(List.of("uploaded", "shipped")));
        // An agent cannot touch the platform's prompts: its DELETE addresses its own set.
        as(KEY_A).delete("/api/v1/prompts/en/welcome").then().statusCode(404);
        // B's prompts are intact after all of A's attempts.
        assertArrayEquals(toneOfB, as(KEY_B).get("/api/v1/prompts/en/welcome").then().statusCode(200).extract().asByteArray());

        // The admin reaches B's set by naming it; an unknown account is 404.
        assertArrayEquals(toneOfB, as(AccountsDouble.ADMIN_KEY).get("/api/v1/prompts/en/b_promo" + ownerB).then()
                .statusCode(200).extract().asByteArray());
        as(AccountsDouble.ADMIN_KEY).get("/api/v1/prompts?owner=" + UUID.randomUUID()).then().statusCode(404);
        as(AccountsDouble.ADMIN_KEY).get("/api/v1/prompts?owner=not-a-uuid").then().statusCode(400);

        // A suspended agent may read its set, not change it.
        as(KEY_SUSPENDED).get("/api/v1/prompts").then().statusCode(200);
        as(KEY_SUSPENDED).contentType("audio/wav").body(shipped).put("/api/v1/prompts/en/mine").then().statusCode(403)
                .body("type", equalTo("https://ringback.io/problems/agent-inactive"));

        as(KEY_B).delete("/api/v1/prompts/en/b_promo").then().statusCode(204);
        as(KEY_B).delete("/api/v1/prompts/en/welcome").then().statusCode(204);
        assertArrayEquals(shipped, as(KEY_B).get("/api/v1/prompts/en/welcome").then().statusCode(200).extract().asByteArray());
    }

    @Test
    void playbackAndCheckPromptsResolveTheOwnersPromptThenThePlatforms() throws IOException {
        as(KEY_B).contentType("audio/wav").body(toneOfB).put("/api/v1/prompts/en/b_only").then().statusCode(201);
        CheckPromptsRequest.Builder check = CheckPromptsRequest.newBuilder().setLanguage("en")
                .addPromptIds("b_only").addPromptIds("welcome");
        assertEquals(List.of(), grpc().checkPrompts(check.setPromptOwnerAccountId(AGENT_B.toString()).build())
                .getMissingPromptIdsList());
        assertEquals(List.of("b_only"), grpc().checkPrompts(check.setPromptOwnerAccountId(AGENT_A.toString()).build())
                .getMissingPromptIdsList());
        assertEquals(List.of("b_only"), grpc().checkPrompts(check.clearPromptOwnerAccountId().build())
                .getMissingPromptIdsList());
        assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class,
                () -> grpc().checkPrompts(check.setPromptOwnerAccountId("agent-b").build())).getStatus().getCode());

        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = grpc().createEndpoint(CreateEndpointRequest.newBuilder()
                    .setSessionId(UUID.randomUUID().toString()).setLegId("a").setRemoteSdp(phone.offer(101)).build());
            phone.target(endpoint.getLocalRtpPort());
            try {
                StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> grpc().play(PlayRequest
                        .newBuilder().setEndpointId(endpoint.getEndpointId()).setLanguage("en").addPromptIds("b_only")
                        .setPromptOwnerAccountId(AGENT_A.toString()).build()));
                assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
                grpc().play(PlayRequest.newBuilder().setEndpointId(endpoint.getEndpointId()).setLanguage("en")
                        .addPromptIds("b_only").setPromptOwnerAccountId(AGENT_B.toString()).build());
                await().until(() -> phone.received().size() >= 10);
                byte[] expected = G711Wav.read(toneOfB).samples();
                assertEquals(Arrays.toString(Arrays.copyOf(expected, 160)),
                        Arrays.toString(phone.received().get(0).packet().payload()));
            } catch (io.ringback.media.wav.WavFormatException e) {
                throw new AssertionError(e);
            } finally {
                grpc().destroyEndpoint(DestroyEndpointRequest.newBuilder().setEndpointId(endpoint.getEndpointId()).build());
                as(KEY_B).delete("/api/v1/prompts/en/b_only").then().statusCode(204);
            }
        }
    }

    @Test
    void restWithoutAKnownKeyIsUnauthenticated() {
        RestAssured.given().get("/api/v1/prompts").then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://ringback.io/problems/unauthenticated"));
        as("rbk_not-a-key").get("/api/v1/prompts").then().statusCode(401);
        as("wrong-admin-key-0123456789abcdef0123456789").contentType("audio/wav").body(toneOfB)
                .put("/api/v1/prompts/en/welcome").then().statusCode(401);
        as("rbk_not-a-key").delete("/api/v1/prompts/en/welcome").then().statusCode(401);
    }

    @Test
    void grpcWithoutTheServiceCredentialIsUnauthenticated() {
        CheckPromptsRequest request = CheckPromptsRequest.newBuilder().setLanguage("en").addPromptIds("welcome").build();
        assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class,
                () -> MediaServiceGrpc.newBlockingStub(channel).checkPrompts(request)).getStatus().getCode());
        Metadata wrong = new Metadata();
        wrong.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + AccountsDouble.ADMIN_KEY);
        assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class,
                () -> MediaServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(wrong)).checkPrompts(request))
                .getStatus().getCode());
        assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class,
                () -> MediaServiceGrpc.newBlockingStub(channel).createEndpoint(CreateEndpointRequest.newBuilder()
                        .setSessionId("s").setLegId("l").build())).getStatus().getCode());
    }
}
