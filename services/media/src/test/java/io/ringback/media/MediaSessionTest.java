package io.ringback.media;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ringback.media.app.MediaEventBus;
import io.ringback.media.codec.Law;
import io.ringback.proto.media.v1.BridgeRequest;
import io.ringback.proto.media.v1.Codec;
import io.ringback.proto.media.v1.CollectEndReason;
import io.ringback.proto.media.v1.CreateEndpointRequest;
import io.ringback.proto.media.v1.CreateEndpointResponse;
import io.ringback.proto.media.v1.CreateOfferRequest;
import io.ringback.proto.media.v1.DestroyEndpointRequest;
import io.ringback.proto.media.v1.DtmfMethod;
import io.ringback.proto.media.v1.EndpointCloseReason;
import io.ringback.proto.media.v1.EventsRequest;
import io.ringback.proto.media.v1.FeedDtmfRequest;
import io.ringback.proto.media.v1.MediaEvent;
import io.ringback.proto.media.v1.MediaServiceGrpc;
import io.ringback.proto.media.v1.PlayAndCollectRequest;
import io.ringback.proto.media.v1.PlayRequest;
import io.ringback.proto.media.v1.RenewSessionRequest;
import io.ringback.proto.media.v1.SetRemoteDescriptionRequest;
import io.ringback.proto.media.v1.UpdateRemoteOfferRequest;
import io.ringback.proto.media.v1.UpdateRemoteOfferResponse;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceChannel;
import io.ringback.testing.SteppableClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #14: sessions with an owner and a lease (or a maximum lifetime), bridges inside one
 * session, endpoint ids that name their instance, events read again after a reconnect, timers on
 * the service's clock (stepped here, never waited for), and re-INVITEs on an established endpoint.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
class MediaSessionTest {

    private static ManagedChannel channel;
    private static final List<MediaEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Inject
    SteppableClock clock;

    @Inject
    MediaEventBus bus;

    private final String session = UUID.randomUUID().toString();
    private final List<String> endpoints = new ArrayList<>();

    @BeforeEach
    void subscribe() {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
            long before = bus.subscriptionsOpened();
            EventRecorder.recordAll(channel, EVENTS);
            await().until(() -> bus.subscriptionsOpened() > before);
        }
    }

    @AfterEach
    void destroyEndpoints() {
        endpoints.forEach(id -> grpc().destroyEndpoint(DestroyEndpointRequest.newBuilder().setEndpointId(id).build()));
    }

    @AfterAll
    static void closeChannel() {
        channel.shutdownNow();
        channel = null;
    }

    private static MediaServiceGrpc.MediaServiceBlockingStub grpc() {
        return MediaServiceGrpc.newBlockingStub(ServiceChannel.authenticated(channel));
    }

    // -------------------------------------------------------------------------------------------
    // Sessions, leases, lifetimes
    // -------------------------------------------------------------------------------------------

    @Test
    void aLapsedLeaseClosesABridgedEndpointAndItsPeer() throws IOException {
        try (TestPhone user = new TestPhone(Law.PCMU); TestPhone destination = new TestPhone(Law.PCMU)) {
            // Both phones only listen (recvonly): the inactivity timer is paused, only the lease runs.
            CreateEndpointResponse a = create(user, "recvonly", "signaling-1", 5000, 0);
            CreateEndpointResponse b = create(destination, "recvonly", "signaling-1", 5000, 0);
            grpc().bridge(BridgeRequest.newBuilder().setEndpointIdA(a.getEndpointId()).setEndpointIdB(b.getEndpointId()).build());
            // Renewed in time: the lease runs 5 s from the renewal.
            clock.step(Duration.ofSeconds(4));
            long expires = grpc().renewSession(RenewSessionRequest.newBuilder().setSessionId(session)
                    .setSessionOwner("signaling-1").build()).getLeaseExpiresAt().getSeconds();
            assertEquals(clock.instant().plusSeconds(5).getEpochSecond(), expires, 1.0);
            clock.step(Duration.ofSeconds(2));
            assertFalse(closed(a.getEndpointId()).isPresent() || closed(b.getEndpointId()).isPresent());
            // Only the owner renews.
            assertEquals(Status.Code.FAILED_PRECONDITION, assertThrows(StatusRuntimeException.class,
                    () -> grpc().renewSession(RenewSessionRequest.newBuilder().setSessionId(session)
                            .setSessionOwner("signaling-2").build())).getStatus().getCode());
            // Its owner is gone: nothing renews it.
            clock.step(Duration.ofSeconds(4));
            MediaEvent closedA = awaitEvent(e -> e.getEndpointId().equals(a.getEndpointId()) && e.hasEndpointClosed());
            MediaEvent closedB = awaitEvent(e -> e.getEndpointId().equals(b.getEndpointId()) && e.hasEndpointClosed());
            assertEquals(EndpointCloseReason.ENDPOINT_CLOSE_REASON_LEASE_EXPIRED, closedA.getEndpointClosed().getReason());
            assertEquals(EndpointCloseReason.ENDPOINT_CLOSE_REASON_LEASE_EXPIRED, closedB.getEndpointClosed().getReason());
            assertTrue(EVENTS.stream().noneMatch(e -> e.getSessionId().equals(session) && e.hasMediaTimeout()));
            assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                    () -> grpc().renewSession(RenewSessionRequest.newBuilder().setSessionId(session)
                            .setSessionOwner("signaling-1").build())).getStatus().getCode());
        }
    }

    @Test
    void theMaximumLifetimeOfOneLegClosesItsBridgedPeerToo() throws IOException {
        try (TestPhone user = new TestPhone(Law.PCMU); TestPhone destination = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse a = create(user, "recvonly", "signaling-1", 0, 0);
            CreateEndpointResponse b = create(destination, "recvonly", "signaling-1", 0, 2_000);
            grpc().bridge(BridgeRequest.newBuilder().setEndpointIdA(a.getEndpointId()).setEndpointIdB(b.getEndpointId()).build());
            clock.step(Duration.ofMillis(2_000));
            MediaEvent closedB = awaitEvent(e -> e.getEndpointId().equals(b.getEndpointId()) && e.hasEndpointClosed());
            MediaEvent closedA = awaitEvent(e -> e.getEndpointId().equals(a.getEndpointId()) && e.hasEndpointClosed());
            assertEquals(EndpointCloseReason.ENDPOINT_CLOSE_REASON_MAX_LIFETIME, closedB.getEndpointClosed().getReason());
            assertEquals(EndpointCloseReason.ENDPOINT_CLOSE_REASON_MAX_LIFETIME, closedA.getEndpointClosed().getReason());
        }
    }

    @Test
    void bridgeRefusesEndpointsOfDifferentSessionsAndASessionHasOneOwner() throws IOException {
        try (TestPhone one = new TestPhone(Law.PCMU); TestPhone other = new TestPhone(Law.PCMU);
             TestPhone third = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse a = create(one, "signaling-1", 0, 0);
            CreateEndpointResponse b = grpc().createEndpoint(CreateEndpointRequest.newBuilder()
                    .setSessionId(UUID.randomUUID().toString()).setLegId("b").setRemoteSdp(other.offer(101)).build());
            endpoints.add(b.getEndpointId());
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> grpc().bridge(
                    BridgeRequest.newBuilder().setEndpointIdA(a.getEndpointId()).setEndpointIdB(b.getEndpointId()).build()));
            assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
            assertTrue(refused.getStatus().getDescription().contains("only the legs of one session are bridged"));
            StatusRuntimeException owner = assertThrows(StatusRuntimeException.class, () -> grpc().createEndpoint(
                    CreateEndpointRequest.newBuilder().setSessionId(session).setSessionOwner("signaling-2").setLegId("c")
                            .setRemoteSdp(third.offer(101)).build()));
            assertEquals(Status.Code.FAILED_PRECONDITION, owner.getStatus().getCode());
            assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class, () -> grpc()
                    .createEndpoint(CreateEndpointRequest.newBuilder().setLegId("c").setRemoteSdp(third.offer(101)).build()))
                    .getStatus().getCode());
        }
    }

    @Test
    void endpointIdsNameTheInstanceThatOwnsThem() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse a = create(phone, "signaling-1", 0, 0);
            assertEquals("media", a.getInstanceId());
            assertTrue(a.getEndpointId().startsWith("media~"), a.getEndpointId());
            StatusRuntimeException elsewhere = assertThrows(StatusRuntimeException.class, () -> grpc().play(PlayRequest
                    .newBuilder().setEndpointId("media-7~" + UUID.randomUUID()).setLanguage("en").addPromptIds("1").build()));
            assertEquals(Status.Code.NOT_FOUND, elsewhere.getStatus().getCode());
            assertTrue(elsewhere.getStatus().getDescription().contains("it belongs to media instance 'media-7', this is 'media'"));
        }
    }

    // -------------------------------------------------------------------------------------------
    // Events after a reconnect
    // -------------------------------------------------------------------------------------------

    @Test
    void eventsOfASessionAreReadAgainAfterAReconnect() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse a = create(phone, "signaling-1", 0, 0);
            List<MediaEvent> first = new CopyOnWriteArrayList<>();
            Context.CancellableContext subscription = Context.current().withCancellation();
            long before = bus.subscriptionsOpened();
            subscription.run(() -> subscribe(EventsRequest.newBuilder().setSessionId(session).build(), first));
            await().until(() -> bus.subscriptionsOpened() > before);
            feed(a, "4");
            await().until(() -> first.size() == 1);
            // The signaling instance loses its stream; meanwhile the caller finishes entering digits.
            subscription.cancel(null);
            String collect = grpc().playAndCollect(PlayAndCollectRequest.newBuilder().setEndpointId(a.getEndpointId())
                    .setLanguage("en").setMaxDigits(2).setFirstDigitTimeoutMs(10_000).setInterDigitTimeoutMs(5_000)
                    .setClearDigitBuffer(true).build()).getOperationId();
            feed(a, "1");
            feed(a, "2");
            awaitEvent(e -> e.hasDigitsCollected() && e.getDigitsCollected().getOperationId().equals(collect));

            List<MediaEvent> again = new CopyOnWriteArrayList<>();
            long seen = first.get(first.size() - 1).getSessionSequence();
            subscribe(EventsRequest.newBuilder().setSessionId(session).setAfterSessionSequence(seen).build(), again);
            await().until(() -> again.size() >= 3);
            assertEquals(List.of(seen + 1, seen + 2, seen + 3), again.stream().map(MediaEvent::getSessionSequence).toList());
            assertEquals("1", again.get(0).getDtmfDetected().getDigit());
            assertEquals("2", again.get(1).getDtmfDetected().getDigit());
            assertEquals("12", again.get(2).getDigitsCollected().getDigits());
            // Live events follow the replayed ones, once each.
            feed(a, "9");
            await().until(() -> again.size() == 4);
            assertEquals(seen + 4, again.get(3).getSessionSequence());

            List<MediaEvent> unknown = new CopyOnWriteArrayList<>();
            Throwable[] error = new Throwable[1];
            MediaServiceGrpc.newStub(ServiceChannel.authenticated(channel)).events(EventsRequest.newBuilder()
                    .setSessionId(UUID.randomUUID().toString()).setAfterSessionSequence(5).build(), observer(unknown, error));
            await().until(() -> error[0] != null);
            assertEquals(Status.Code.FAILED_PRECONDITION, Status.fromThrowable(error[0]).getCode());
        }
    }

    // -------------------------------------------------------------------------------------------
    // Timers on the service's clock
    // -------------------------------------------------------------------------------------------

    @Test
    void collectAndInactivityTimersFireWhenTheClockIsStepped() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            // The phone only listens at first (recvonly): no inactivity timer while the collect timers run.
            CreateEndpointResponse a = create(phone, "recvonly", "signaling-1", 0, 0);
            String collect = grpc().playAndCollect(PlayAndCollectRequest.newBuilder().setEndpointId(a.getEndpointId())
                    .setLanguage("en").setMaxDigits(4).setFirstDigitTimeoutMs(60_000).setInterDigitTimeoutMs(60_000)
                    .build()).getOperationId();
            feed(a, "7");
            clock.step(Duration.ofSeconds(59));
            await().until(() -> digitsOf(a.getEndpointId()).size() == 1);
            assertTrue(EVENTS.stream().noneMatch(e -> e.hasDigitsCollected() && e.getDigitsCollected().getOperationId().equals(collect)));
            clock.step(Duration.ofSeconds(2));
            MediaEvent done = awaitEvent(e -> e.hasDigitsCollected() && e.getDigitsCollected().getOperationId().equals(collect));
            assertEquals(CollectEndReason.COLLECT_END_REASON_INTER_DIGIT_TIMEOUT, done.getDigitsCollected().getEndReason());
            assertEquals("7", done.getDigitsCollected().getDigits());
            // Inactivity (3 s in tests) counts, on the same clock, from when the phone starts sending.
            grpc().updateRemoteOffer(UpdateRemoteOfferRequest.newBuilder().setEndpointId(a.getEndpointId())
                    .setRemoteSdp(phone.offer(101)).build());
            clock.step(Duration.ofSeconds(2));
            assertFalse(EVENTS.stream().anyMatch(e -> e.getEndpointId().equals(a.getEndpointId()) && e.hasMediaTimeout()));
            clock.step(Duration.ofSeconds(1));
            MediaEvent timeout = awaitEvent(e -> e.getEndpointId().equals(a.getEndpointId()) && e.hasMediaTimeout());
            assertTrue(timeout.getMediaTimeout().getInactivityMs() >= 3000);
            assertEquals(EndpointCloseReason.ENDPOINT_CLOSE_REASON_MEDIA_TIMEOUT,
                    awaitEvent(e -> e.getEndpointId().equals(a.getEndpointId()) && e.hasEndpointClosed())
                            .getEndpointClosed().getReason());
        }
    }

    // -------------------------------------------------------------------------------------------
    // Re-INVITEs
    // -------------------------------------------------------------------------------------------

    @Test
    void aReInviteToHoldAndBackKeepsSequenceNumbersContinuous() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU); TestPhone moved = new TestPhone(Law.PCMA)) {
            CreateEndpointResponse a = create(phone, "signaling-1", 0, 0);
            grpc().play(PlayRequest.newBuilder().setEndpointId(a.getEndpointId()).setLanguage("en")
                    .addPromptIds("music_on_hold").setLoop(true).build());
            await().until(() -> phone.received().size() >= 10);
            phone.sendAudio(new short[160]);

            UpdateRemoteOfferResponse held = grpc().updateRemoteOffer(UpdateRemoteOfferRequest.newBuilder()
                    .setEndpointId(a.getEndpointId()).setRemoteSdp(phone.offer(101).replace("a=ptime:20\r\n",
                            "a=ptime:20\r\na=sendonly\r\n")).build());
            assertTrue(held.getLocalSdp().contains("a=recvonly\r\n"), held.getLocalSdp());
            assertEquals(version(a.getLocalSdp()) + 1, version(held.getLocalSdp()));
            assertEquals(sessionId(a.getLocalSdp()), sessionId(held.getLocalSdp()));
            phone.sendAudio(new short[160]);
            // On hold nothing is sent: at most the frame in flight when the answer was given.
            int answeredAt = phone.received().size();
            await().pollDelay(Duration.ofMillis(400)).until(() -> true);
            int heldAt = phone.received().size();
            assertTrue(heldAt - answeredAt <= 1, "sent on hold: " + (heldAt - answeredAt));

            UpdateRemoteOfferResponse resumed = grpc().updateRemoteOffer(UpdateRemoteOfferRequest.newBuilder()
                    .setEndpointId(a.getEndpointId()).setRemoteSdp(phone.offer(101)).build());
            assertTrue(resumed.getLocalSdp().contains("a=sendrecv\r\n"));
            phone.sendAudio(new short[160]);
            await().until(() -> phone.received().size() >= heldAt + 10);
            assertContinuous(phone.received());

            // A codec change and a new remote address (the call moved to another device).
            UpdateRemoteOfferResponse changed = grpc().updateRemoteOffer(UpdateRemoteOfferRequest.newBuilder()
                    .setEndpointId(a.getEndpointId()).setRemoteSdp(moved.offer(101)).build());
            assertEquals(Codec.CODEC_PCMA, changed.getCodec());
            moved.target(a.getLocalRtpPort());
            moved.sendAudio(new short[160 * 3]);
            await().until(() -> moved.received().size() >= 10);
            assertTrue(moved.received().stream().allMatch(r -> r.packet().payloadType() == 8));
            List<TestPhone.Received> both = new ArrayList<>(phone.received());
            both.addAll(moved.received());
            assertContinuous(both);

            // Our own new offer (we hold the far end), answered through SetRemoteDescription.
            String offer = grpc().createOffer(CreateOfferRequest.newBuilder().setEndpointId(a.getEndpointId())
                    .setDirection("sendonly").build()).getLocalSdp();
            assertTrue(offer.contains("a=sendonly\r\n"));
            assertEquals(version(changed.getLocalSdp()) + 1, version(offer));
            assertEquals(Codec.CODEC_PCMA, grpc().setRemoteDescription(SetRemoteDescriptionRequest.newBuilder()
                    .setEndpointId(a.getEndpointId()).setRemoteSdp(moved.offer(101).replace("a=ptime:20\r\n",
                            "a=ptime:20\r\na=recvonly\r\n")).build()).getCodec());
        }
    }

    private static void assertContinuous(List<TestPhone.Received> received) {
        long ssrc = received.get(0).packet().ssrc();
        for (int i = 1; i < received.size(); i++) {
            assertEquals(ssrc, received.get(i).packet().ssrc());
            assertEquals((received.get(i - 1).packet().sequence() + 1) & 0xFFFF, received.get(i).packet().sequence(),
                    "packet " + i + " of " + received.size());
        }
    }

    private static long version(String sdp) {
        return Long.parseLong(sdp.lines().filter(l -> l.startsWith("o=")).findFirst().orElseThrow().split(" ")[2]);
    }

    private static long sessionId(String sdp) {
        return Long.parseLong(sdp.lines().filter(l -> l.startsWith("o=")).findFirst().orElseThrow().split(" ")[1]);
    }

    // -------------------------------------------------------------------------------------------

    private CreateEndpointResponse create(TestPhone phone, String owner, long leaseMs, long maxLifetimeMs) {
        return create(phone, "sendrecv", owner, leaseMs, maxLifetimeMs);
    }

    private CreateEndpointResponse create(TestPhone phone, String direction, String owner, long leaseMs,
                                          long maxLifetimeMs) {
        String offer = phone.offer(101).replace("a=ptime:20\r\n", "a=ptime:20\r\na=" + direction + "\r\n");
        CreateEndpointResponse response = grpc().createEndpoint(CreateEndpointRequest.newBuilder().setSessionId(session)
                .setSessionOwner(owner).setLeaseMs(leaseMs).setMaxLifetimeMs(maxLifetimeMs)
                .setLegId("leg-" + phone.port()).setRemoteSdp(offer).build());
        phone.target(response.getLocalRtpPort());
        endpoints.add(response.getEndpointId());
        return response;
    }

    private static void feed(CreateEndpointResponse endpoint, String digit) {
        assertTrue(grpc().feedDtmf(FeedDtmfRequest.newBuilder().setEndpointId(endpoint.getEndpointId()).setDigit(digit)
                .setMethod(DtmfMethod.DTMF_METHOD_SIP_INFO).build()).getAccepted());
    }

    private static void subscribe(EventsRequest request, List<MediaEvent> into) {
        MediaServiceGrpc.newStub(ServiceChannel.authenticated(channel)).events(request, observer(into, new Throwable[1]));
    }

    private static StreamObserver<MediaEvent> observer(List<MediaEvent> into, Throwable[] error) {
        return new StreamObserver<>() {
            @Override
            public void onNext(MediaEvent event) {
                into.add(event);
            }

            @Override
            public void onError(Throwable t) {
                error[0] = t;
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private java.util.Optional<MediaEvent> closed(String endpointId) {
        return EVENTS.stream().filter(e -> e.getEndpointId().equals(endpointId) && e.hasEndpointClosed()).findFirst();
    }

    private List<String> digitsOf(String endpointId) {
        return EVENTS.stream().filter(e -> e.getEndpointId().equals(endpointId) && e.hasDtmfDetected())
                .map(e -> e.getDtmfDetected().getDigit()).toList();
    }

    private static MediaEvent awaitEvent(Predicate<MediaEvent> match) {
        return await().atMost(Duration.ofSeconds(15)).until(
                () -> EVENTS.stream().filter(match).findFirst().orElse(null), Objects::nonNull);
    }
}
