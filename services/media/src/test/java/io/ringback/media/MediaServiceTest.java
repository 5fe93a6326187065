package io.ringback.media;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ringback.media.app.MediaEventBus;
import io.ringback.media.app.MediaServer;
import io.ringback.media.codec.G711;
import io.ringback.media.codec.Law;
import io.ringback.media.wav.G711Wav;
import io.ringback.proto.media.v1.BridgeRequest;
import io.ringback.proto.media.v1.Codec;
import io.ringback.proto.media.v1.CollectEndReason;
import io.ringback.proto.media.v1.CreateEndpointRequest;
import io.ringback.proto.media.v1.CreateEndpointResponse;
import io.ringback.proto.media.v1.DestroyEndpointRequest;
import io.ringback.proto.media.v1.DtmfMethod;
import io.ringback.proto.media.v1.EndpointCloseReason;
import io.ringback.proto.media.v1.FeedDtmfRequest;
import io.ringback.proto.media.v1.MediaEvent;
import io.ringback.proto.media.v1.MediaServiceGrpc;
import io.ringback.proto.media.v1.PlayAndCollectRequest;
import io.ringback.proto.media.v1.PlayRequest;
import io.ringback.proto.media.v1.PlaybackEndReason;
import io.ringback.proto.media.v1.SdpType;
import io.ringback.proto.media.v1.SetRemoteDescriptionRequest;
import io.ringback.proto.media.v1.StopRequest;
import io.ringback.proto.media.v1.UnbridgeRequest;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceChannel;
import io.ringback.testing.ServiceEndpoints;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
class MediaServiceTest {

    private static ManagedChannel channel;
    private static final List<MediaEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Inject
    DataSource dataSource;

    @Inject
    MediaServer server;

    @Inject
    MediaEventBus bus;

    @Inject
    io.ringback.testing.SteppableClock clock;

    private final String session = UUID.randomUUID().toString();
    private final List<String> endpoints = new ArrayList<>();

    @AfterEach
    void destroyEndpoints() {
        endpoints.forEach(this::destroy);
    }

    @BeforeEach
    void subscribe() {
        AccountsDouble.restAsAdmin();
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
            long before = bus.subscriptionsOpened();
            EventRecorder.recordAll(channel, EVENTS);
            await().until(() -> bus.subscriptionsOpened() > before);
        }
    }

    @AfterAll
    static void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
            channel = null;
        }
    }

    private static MediaServiceGrpc.MediaServiceBlockingStub grpc() {
        return MediaServiceGrpc.newBlockingStub(ServiceChannel.authenticated(channel));
    }

    // -------------------------------------------------------------------------------------------
    // Service basics
    // -------------------------------------------------------------------------------------------

    @Test
    void checkPromptsAnswersTheMissingOnesInTheOrderAsked() {
        var answer = grpc().checkPrompts(io.ringback.proto.media.v1.CheckPromptsRequest.newBuilder().setLanguage("es")
                .addPromptIds("welcome").addPromptIds("no_such_prompt").addPromptIds("goodbye")
                .addPromptIds("also_missing").build());
        assertEquals(List.of("no_such_prompt", "also_missing"), answer.getMissingPromptIdsList());
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> grpc().checkPrompts(
                io.ringback.proto.media.v1.CheckPromptsRequest.newBuilder().setLanguage("es").addPromptIds("../x").build()));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    }

    @Test
    void bootsHealthyWithItsDocumentedEndpoints() {
        ServiceEndpoints.assertHealthy("Database connections health check");
        ServiceEndpoints.assertOpenApi("Ringback media API");
        ServiceEndpoints.assertPrometheusMetrics();
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("ringback_media_endpoints"))
                .body(org.hamcrest.Matchers.containsString("ringback_media_rtp_ports_in_use"))
                .body(org.hamcrest.Matchers.containsString("ringback_media_rtp_packets_dropped_total"));
    }

    @Test
    void migratesItsOwnSchemaOnRealPostgres() {
        assertEquals(List.of("1", "2"), ServiceEndpoints.appliedMigrations(dataSource, "media"));
        ServiceEndpoints.assertCurrentSchema(dataSource, "media");
    }

    @Test
    void promptTableRefusesAudioThatIsNotG711EightKilohertzMono() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String row = "INSERT INTO prompt (language, name, encoding, sample_rate, channels, audio, created_at)"
                    + " VALUES ('xx', 'db_check', '%s', %d, %d, '\\x7f7f', now())";
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("PCMU", 16000, 1))).getSQLState());
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("PCMU", 8000, 2))).getSQLState());
            assertEquals("23514", assertThrows(SQLException.class,
                    () -> statement.execute(row.formatted("L16", 8000, 1))).getSQLState());
        }
    }

    // -------------------------------------------------------------------------------------------
    // Prompts REST
    // -------------------------------------------------------------------------------------------

    @Test
    void shippedPromptsAreListedInBothLanguages() {
        given().queryParam("language", "es").queryParam("size", 500).get("/api/v1/prompts").then().statusCode(200)
                .body("total", equalTo(21 + 71))
                .body("items.findAll { it.source == 'shipped' }.size()", equalTo(21 + 71))
                .body("items.find { it.name == 'welcome' }.encoding", equalTo("PCMU"));
        given().queryParam("size", 500).get("/api/v1/prompts").then().statusCode(200)
                .body("items.findAll { it.language == 'en' }.name", hasItem("music_on_hold"));
        // 21 stages and 48 words for amounts.
        given().queryParam("language", "en").queryParam("page", 6).queryParam("size", 10).get("/api/v1/prompts")
                .then().statusCode(200).body("items.size()", equalTo(9)).body("total", equalTo(69));
    }

    @Test
    void uploadIsValidatedStoredOverridesAndDeletes() {
        byte[] aLaw = new G711Wav(Law.PCMA, G711.encode(Law.PCMA, tone(440, 4000))).toWav();
        given().contentType("audio/wav").body(aLaw).put("/api/v1/prompts/en/welcome").then().statusCode(201)
                .body("source", equalTo("uploaded")).body("encoding", equalTo("PCMA")).body("durationMs", equalTo(500));
        given().contentType("audio/wav").body(aLaw).put("/api/v1/prompts/en/welcome").then().statusCode(200);
        byte[] downloaded = given().get("/api/v1/prompts/en/welcome").then().statusCode(200)
                .contentType("audio/wav").extract().asByteArray();
        assertEquals(aLaw.length, downloaded.length);
        given().get("/api/v1/prompts?language=en").then()
                .body("items.findAll { it.name == 'welcome' }.source", equalTo(List.of("uploaded")));

        given().delete("/api/v1/prompts/en/welcome").then().statusCode(204);
        given().delete("/api/v1/prompts/en/welcome").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/prompts?language=en").then()
                .body("items.findAll { it.name == 'welcome' }.source", equalTo(List.of("shipped")));
    }

    @Test
    void uploadOfTheWrongFormatRateOrChannelsIsAProblemSayingWhatWasFound() {
        assertRefused(wav(1, 1, 8000, 16), "encoding is linear PCM (WAV format 1), 16 bits; expected G.711 mu-law or A-law (WAV format 7 or 6), 8 bits");
        assertRefused(wav(7, 1, 16000, 8), "sample rate is 16000 Hz, expected 8000 Hz");
        assertRefused(wav(6, 2, 8000, 8), "channel count is 2, expected 1 (mono)");
        given().contentType("audio/wav").body(new byte[] {1, 2, 3}).put("/api/v1/prompts/es/Bad-Name").then()
                .statusCode(400).body("detail", equalTo("prompt id 'Bad-Name' must be 1-64 of a-z, 0-9 and _"));
        given().get("/api/v1/prompts?language=english").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aTruncatedPromptIsRefusedAndTheLiveOneKeepsPlaying() throws IOException {
        byte[] whole = getClass().getResourceAsStream("/prompts/es/welcome.wav").readAllBytes();
        byte[] first60 = java.util.Arrays.copyOf(whole, 60);
        given().contentType("audio/wav").body(first60).put("/api/v1/prompts/es/welcome").then().statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid prompt audio"))
                .body("detail", equalTo("'data' chunk claims " + (whole.length - 58)
                        + " bytes, the file holds 2 after its header: the file is truncated"));
        assertEquals(whole.length, given().get("/api/v1/prompts/es/welcome").then().statusCode(200)
                .extract().asByteArray().length);
    }

    private static void assertRefused(byte[] file, String detail) {
        given().contentType("audio/wav").body(file).put("/api/v1/prompts/es/refused").then().statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid prompt audio"))
                .body("detail", equalTo(detail));
    }

    // -------------------------------------------------------------------------------------------
    // Endpoints, playback, DTMF
    // -------------------------------------------------------------------------------------------

    @Test
    void playsAPromptAtATwentyMillisecondPaceWithOneSsrcAndContinuousNumbers() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMA)) {
            CreateEndpointResponse endpoint = create(phone);
            assertEquals(SdpType.SDP_TYPE_ANSWER, endpoint.getLocalSdpType());
            assertEquals(Codec.CODEC_PCMA, endpoint.getCodec());
            assertEquals(101, endpoint.getTelephoneEventPayloadType());
            assertTrue(endpoint.getLocalSdp().contains("m=audio " + endpoint.getLocalRtpPort() + " RTP/AVP 8 101\r\n"));
            String operation = grpc().play(PlayRequest.newBuilder().setEndpointId(endpoint.getEndpointId())
                    .setLanguage("es").addPromptIds("1").build()).getOperationId();
            MediaEvent finished = awaitEvent(e -> e.hasPlaybackFinished()
                    && e.getPlaybackFinished().getOperationId().equals(operation));
            assertEquals(PlaybackEndReason.PLAYBACK_END_REASON_COMPLETED, finished.getPlaybackFinished().getEndReason());
            G711Wav one = G711Wav.read(getClass().getResourceAsStream("/prompts/es/1.wav").readAllBytes());
            int frames = (one.samples().length + 159) / 160;
            await().until(() -> phone.received().size() >= frames);
            List<TestPhone.Received> received = phone.received();
            assertEquals(frames, received.size());
            long ssrc = received.get(0).packet().ssrc();
            for (int i = 1; i < received.size(); i++) {
                assertEquals(ssrc, received.get(i).packet().ssrc());
                assertEquals((received.get(i - 1).packet().sequence() + 1) & 0xFFFF, received.get(i).packet().sequence());
                assertEquals(received.get(i - 1).packet().timestamp() + 160, received.get(i).packet().timestamp());
                assertEquals(8, received.get(i).packet().payloadType());
            }
            // Transcoded from the shipped mu-law file to the A-law the phone negotiated.
            assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(G711.transcode(Law.PCMU, Law.PCMA, one.samples()), 160)),
                    java.util.Arrays.toString(received.get(0).packet().payload()));
            // 20 ms pacing: the whole prompt takes its own length (within one frame and some scheduling).
            double spanMs = (received.get(received.size() - 1).nanos() - received.get(0).nanos()) / 1e6;
            assertEquals((frames - 1) * 20.0, spanMs, 60.0);
        } catch (io.ringback.media.wav.WavFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sendsRtcpSenderReportsAboutWhatItSentAndReceived() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            phone.sendAudio(new short[160 * 10]);
            grpc().play(PlayRequest.newBuilder().setEndpointId(endpoint.getEndpointId()).setLanguage("en")
                    .setLoop(true).addPromptIds("music_on_hold").build());
            // The far end's own report reaches the endpoint's RTCP port without harm.
            phone.sendRtcp(io.ringback.media.rtp.RtcpPacket.receiverReport(phone.ssrc(), null, "phone"));
            io.ringback.media.rtp.RtcpPacket.Received sr = await().atMost(Duration.ofSeconds(10)).until(
                    () -> phone.reports().stream().filter(r -> r.packetType() == 200).findFirst().orElse(null),
                    java.util.Objects::nonNull);
            await().until(() -> !phone.received().isEmpty());
            assertEquals(phone.received().get(0).packet().ssrc(), sr.senderSsrc());
            assertEquals(1, sr.blocks().size());
            assertEquals(phone.ssrc(), sr.blocks().get(0).ssrc());
            assertEquals(0, sr.blocks().get(0).cumulativeLost());
            assertEquals(phone.sequence() - 1, sr.blocks().get(0).extendedHighest() & 0xFFFF);
        }
    }

    @Test
    void readsANumberBackDigitByDigit() throws Exception {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            // Asked first, while the endpoint is new: the phone sends nothing, so the endpoint's
            // inactivity timeout runs from here.
            StatusRuntimeException star = assertThrows(StatusRuntimeException.class, () -> grpc().playNumber(
                    io.ringback.proto.media.v1.PlayNumberRequest.newBuilder().setEndpointId(endpoint.getEndpointId())
                            .setDigits("1*").setLanguage("en").build()));
            assertEquals("no prompt 'star' in language 'en' (neither uploaded nor shipped)", star.getStatus().getDescription());
            String operation = grpc().playNumber(io.ringback.proto.media.v1.PlayNumberRequest.newBuilder()
                    .setEndpointId(endpoint.getEndpointId()).setDigits("907").setLanguage("en").build()).getOperationId();
            MediaEvent finished = awaitEvent(e -> e.hasPlaybackFinished() && e.getPlaybackFinished().getOperationId().equals(operation));
            assertEquals(PlaybackEndReason.PLAYBACK_END_REASON_COMPLETED, finished.getPlaybackFinished().getEndReason());
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            for (String digit : List.of("9", "0", "7")) {
                expected.writeBytes(G711Wav.read(getClass().getResourceAsStream("/prompts/en/" + digit + ".wav").readAllBytes()).samples());
            }
            int frames = (expected.size() + 159) / 160;
            await().until(() -> phone.received().size() >= frames);
            java.io.ByteArrayOutputStream heard = new java.io.ByteArrayOutputStream();
            phone.received().forEach(r -> heard.writeBytes(r.packet().payload()));
            assertEquals(java.util.Arrays.toString(expected.toByteArray()),
                    java.util.Arrays.toString(java.util.Arrays.copyOf(heard.toByteArray(), expected.size())));
        }
    }

    @Test
    void saysABalanceAndMinutesInWordsInEachLanguage() throws Exception {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            var said = grpc().sayAmount(io.ringback.proto.media.v1.SayAmountRequest.newBuilder()
                    .setEndpointId(endpoint.getEndpointId()).setAmount("12.50").setCurrency("USD")
                    .setUnit(io.ringback.proto.media.v1.AmountUnit.AMOUNT_UNIT_MONEY).setLanguage("en").build());
            assertEquals(List.of("num_12", "currency_usd_many", "word_and", "num_50", "currency_usd_cent_many"),
                    said.getPromptIdsList());
            // The phone keeps talking (about 4 s of words, longer than the tests' inactivity timeout).
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                phone.sendAudio(new short[160]);
                return EVENTS.stream().anyMatch(e -> e.hasPlaybackFinished()
                        && e.getPlaybackFinished().getOperationId().equals(said.getOperationId()));
            });
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            for (String id : said.getPromptIdsList()) {
                expected.writeBytes(G711Wav.read(getClass().getResourceAsStream("/prompts/en/" + id + ".wav").readAllBytes()).samples());
            }
            await().until(() -> phone.received().size() >= (expected.size() + 159) / 160);
            java.io.ByteArrayOutputStream heard = new java.io.ByteArrayOutputStream();
            phone.received().forEach(r -> heard.writeBytes(r.packet().payload()));
            assertEquals(java.util.Arrays.toString(expected.toByteArray()),
                    java.util.Arrays.toString(java.util.Arrays.copyOf(heard.toByteArray(), expected.size())));

            var minutes = grpc().sayAmount(io.ringback.proto.media.v1.SayAmountRequest.newBuilder()
                    .setEndpointId(endpoint.getEndpointId()).setAmount("21")
                    .setUnit(io.ringback.proto.media.v1.AmountUnit.AMOUNT_UNIT_MINUTES).setLanguage("es").build());
            assertEquals(List.of("num_21_short", "unit_minute_many"), minutes.getPromptIdsList());
            StatusRuntimeException half = assertThrows(StatusRuntimeException.class, () -> grpc().sayAmount(
                    io.ringback.proto.media.v1.SayAmountRequest.newBuilder().setEndpointId(endpoint.getEndpointId())
                            .setAmount("1.5").setUnit(io.ringback.proto.media.v1.AmountUnit.AMOUNT_UNIT_MINUTES)
                            .setLanguage("es").build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, half.getStatus().getCode());
            assertEquals("minutes are said whole, not 1.5", half.getStatus().getDescription());
        }
    }

    @Test
    void collectsRfc4733DigitsWithTheTerminatorAndReportsEachDigitOnce() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            String operation = collect(endpoint, "enter_destination", 12, "#");
            for (char c : "305#".toCharArray()) {
                phone.sendDigit(c, 101);
            }
            MediaEvent done = awaitEvent(e -> e.hasDigitsCollected() && e.getDigitsCollected().getOperationId().equals(operation));
            assertEquals("305", done.getDigitsCollected().getDigits());
            assertEquals(CollectEndReason.COLLECT_END_REASON_TERMINATOR, done.getDigitsCollected().getEndReason());
            assertEquals(DtmfMethod.DTMF_METHOD_RFC4733, done.getDigitsCollected().getMethod());
            assertEquals(List.of("3", "0", "5", "#"), detected(endpoint.getEndpointId()));
            // The first method seen is kept: a SIP INFO digit on this call is refused.
            assertEquals(false, grpc().feedDtmf(FeedDtmfRequest.newBuilder().setEndpointId(endpoint.getEndpointId())
                    .setDigit("1").setMethod(DtmfMethod.DTMF_METHOD_SIP_INFO).build()).getAccepted());
        }
    }

    @Test
    void collectsInBandDigitsAndSipInfoDigits() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            String operation = collect(endpoint, "enter_pin", 4, "");
            short[] tones = concat(dtmfTone('4', 80), new short[480], dtmfTone('2', 80), new short[480],
                    dtmfTone('4', 80), new short[480], dtmfTone('2', 80), new short[480]);
            phone.sendAudio(tones);
            MediaEvent done = awaitEvent(e -> e.hasDigitsCollected() && e.getDigitsCollected().getOperationId().equals(operation));
            assertEquals("4242", done.getDigitsCollected().getDigits());
            assertEquals(CollectEndReason.COLLECT_END_REASON_MAX_DIGITS, done.getDigitsCollected().getEndReason());
            assertEquals(DtmfMethod.DTMF_METHOD_INBAND, done.getDigitsCollected().getMethod());
        }
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            String operation = collect(endpoint, "enter_pin", 2, "");
            for (String digit : List.of("7", "8")) {
                assertTrue(grpc().feedDtmf(FeedDtmfRequest.newBuilder().setEndpointId(endpoint.getEndpointId())
                        .setDigit(digit).setMethod(DtmfMethod.DTMF_METHOD_SIP_INFO).setDurationMs(100).build()).getAccepted());
            }
            MediaEvent done = awaitEvent(e -> e.hasDigitsCollected() && e.getDigitsCollected().getOperationId().equals(operation));
            assertEquals("78", done.getDigitsCollected().getDigits());
            assertEquals(DtmfMethod.DTMF_METHOD_SIP_INFO, done.getDigitsCollected().getMethod());
        }
    }

    @Test
    void firstDigitTimeoutAndStopEndCollections() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            String operation = grpc().playAndCollect(PlayAndCollectRequest.newBuilder()
                    .setEndpointId(endpoint.getEndpointId()).setLanguage("en").setMaxDigits(4)
                    .setFirstDigitTimeoutMs(300).setInterDigitTimeoutMs(300).build()).getOperationId();
            MediaEvent done = awaitEvent(e -> e.hasDigitsCollected() && e.getDigitsCollected().getOperationId().equals(operation));
            assertEquals(CollectEndReason.COLLECT_END_REASON_FIRST_DIGIT_TIMEOUT, done.getDigitsCollected().getEndReason());
            assertEquals("", done.getDigitsCollected().getDigits());

            String second = collect(endpoint, "enter_destination", 12, "#");
            assertEquals(1, grpc().stop(StopRequest.newBuilder().setEndpointId(endpoint.getEndpointId()).build()).getStopped());
            MediaEvent stopped = awaitEvent(e -> e.hasDigitsCollected() && e.getDigitsCollected().getOperationId().equals(second));
            assertEquals(CollectEndReason.COLLECT_END_REASON_STOPPED, stopped.getDigitsCollected().getEndReason());
            assertEquals(0, grpc().stop(StopRequest.newBuilder().setEndpointId(endpoint.getEndpointId()).build()).getStopped());
        }
    }

    @Test
    void malformedRtpAndPacketsFromAnotherSourceNeitherCrashNorCount() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU); TestPhone intruder = new TestPhone(Law.PCMU)) {
            double droppedBefore = droppedPackets();
            CreateEndpointResponse endpoint = create(phone);
            intruder.target(endpoint.getLocalRtpPort());
            phone.sendRaw(new byte[] {(byte) 0x80, 0, 1});                                  // short header
            phone.sendRaw(new byte[] {0x40, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0});          // version 1
            phone.sendPayload(18, false, new byte[20], 160);                                // G.729: not negotiated
            String operation = collect(endpoint, "enter_pin", 2, "");
            intruder.sendDigit('1', 101);                                                   // before latching: ignored
            phone.sendDigit('9', 101);                                                      // the SDP address latches
            intruder.sendDigit('2', 101);                                                   // not the latched source
            phone.sendDigit('6', 101);
            MediaEvent done = awaitEvent(e -> e.hasDigitsCollected() && e.getDigitsCollected().getOperationId().equals(operation));
            assertEquals("96", done.getDigitsCollected().getDigits());
            // The stream still goes to the phone, never to the intruder.
            String played = grpc().play(PlayRequest.newBuilder().setEndpointId(endpoint.getEndpointId()).setLanguage("en")
                    .addPromptIds("1").build()).getOperationId();
            awaitEvent(e -> e.hasPlaybackFinished() && e.getPlaybackFinished().getOperationId().equals(played));
            assertFalse(phone.received().isEmpty());
            assertEquals(List.of(), intruder.received());
            // Only the phone's 14 valid packets (7 per digit) count as received.
            destroy(endpoint.getEndpointId());
            MediaEvent closed = awaitEvent(e -> e.getEndpointId().equals(endpoint.getEndpointId()) && e.hasEndpointClosed());
            assertEquals(14, closed.getEndpointClosed().getPacketsReceived());
            // The 3 malformed packets and the intruder's 14 are dropped and counted.
            await().until(() -> droppedPackets() == droppedBefore + 17);
        }
    }

    @Test
    void aPhoneSendingEventsAndTonesIsLockedToRfc4733OnItsFirstEventPacket() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            phone.sendDigitWithToneInAudio('5', 101, dtmfTone('5', 80));
            phone.sendDigit('7', 101);
            await().until(() -> detected(endpoint.getEndpointId()).size() >= 2);
            List<MediaEvent> digits = EVENTS.stream()
                    .filter(e -> e.getEndpointId().equals(endpoint.getEndpointId()) && e.hasDtmfDetected()).toList();
            assertEquals(List.of("5", "7"), digits.stream().map(e -> e.getDtmfDetected().getDigit()).toList());
            assertTrue(digits.stream().allMatch(e -> e.getDtmfDetected().getMethod() == DtmfMethod.DTMF_METHOD_RFC4733));
        }
    }

    @Test
    void aPhoneHoldingTheCallGetsNoMediaAndIsNotTimedOut() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            String inactive = phone.offer(101).replace("a=ptime:20\r\n", "a=ptime:20\r\na=inactive\r\n");
            CreateEndpointResponse endpoint = grpc().createEndpoint(CreateEndpointRequest.newBuilder().setSessionId(session)
                    .setLegId("held").setRemoteSdp(inactive).build());
            endpoints.add(endpoint.getEndpointId());
            phone.target(endpoint.getLocalRtpPort());
            assertTrue(endpoint.getLocalSdp().contains("a=inactive\r\n"), endpoint.getLocalSdp());
            String played = grpc().play(PlayRequest.newBuilder().setEndpointId(endpoint.getEndpointId()).setLanguage("en")
                    .addPromptIds("1").build()).getOperationId();
            awaitEvent(e -> e.hasPlaybackFinished() && e.getPlaybackFinished().getOperationId().equals(played));
            assertEquals(List.of(), phone.received());
            // Longer than the test profile's 3 s inactivity timeout: on hold, silence is expected.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> EVENTS.stream()
                    .noneMatch(e -> e.getEndpointId().equals(endpoint.getEndpointId()) && e.hasMediaTimeout()));
        }
    }

    @Test
    void anOfferNeverAnsweredTimesOutAndFreesItsPort() {
        await().until(() -> server.portsInUse() == 0);
        CreateEndpointResponse offer = grpc().createEndpoint(CreateEndpointRequest.newBuilder().setSessionId(session)
                .setLegId("unanswered").build());
        endpoints.add(offer.getEndpointId());
        assertEquals(SdpType.SDP_TYPE_OFFER, offer.getLocalSdpType());
        MediaEvent closed = awaitEvent(e -> e.getEndpointId().equals(offer.getEndpointId()) && e.hasEndpointClosed());
        assertEquals(EndpointCloseReason.ENDPOINT_CLOSE_REASON_MEDIA_TIMEOUT, closed.getEndpointClosed().getReason());
        await().until(() -> server.portsInUse() == 0);
    }

    @Test
    void noCommonCodecIsFailedPreconditionAndLeaksNoPort() {
        // Earlier tests' endpoints come free asynchronously: start from none in use.
        await().until(() -> server.portsInUse() == 0);
        String offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 5000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n";
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc().createEndpoint(
                CreateEndpointRequest.newBuilder().setSessionId(session).setLegId("a").setRemoteSdp(offer).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("no common codec: the offer has [18 G729], we accept [PCMU, PCMA] (G.711, 8 kHz)",
                e.getStatus().getDescription());
        StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class, () -> grpc().createEndpoint(
                CreateEndpointRequest.newBuilder().setSessionId(session).setLegId("a").setRemoteSdp("garbage").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
        String hostName = "v=0\r\nc=IN IP4 pbx.example.com\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";
        StatusRuntimeException named = assertThrows(StatusRuntimeException.class, () -> grpc().createEndpoint(
                CreateEndpointRequest.newBuilder().setSessionId(session).setLegId("a").setRemoteSdp(hostName).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, named.getStatus().getCode());
        assertEquals("c= address 'pbx.example.com' is not an IP4 address literal (host names are not accepted)",
                named.getStatus().getDescription());
        // No port kept.
        await().until(() -> server.portsInUse() == 0);
    }

    @Test
    void exhaustedPortRangeIsResourceExhaustedAtOnceAndDestroyFreesAPort() {
        // The test profile's range holds 8 RTP ports (application.properties).
        List<String> created = new ArrayList<>();
        try {
            StatusRuntimeException e = null;
            for (int i = 0; i < 20 && e == null; i++) {
                try {
                    created.add(grpc().createEndpoint(CreateEndpointRequest.newBuilder().setSessionId(session)
                            .setLegId("leg" + i).build()).getEndpointId());
                } catch (StatusRuntimeException exhausted) {
                    e = exhausted;
                }
            }
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().startsWith("no free RTP port in 41000-41014"), e.getStatus().getDescription());
            int inUse = server.portsInUse();
            assertTrue(grpc().destroyEndpoint(DestroyEndpointRequest.newBuilder().setEndpointId(created.remove(0)).build()).getExisted());
            // The port is free once the receive thread has really closed the socket.
            await().until(() -> server.portsInUse() == inUse - 1);
            created.add(grpc().createEndpoint(CreateEndpointRequest.newBuilder().setSessionId(session).setLegId("again").build())
                    .getEndpointId());
        } finally {
            for (String id : created) {
                grpc().destroyEndpoint(DestroyEndpointRequest.newBuilder().setEndpointId(id).build());
            }
        }
        assertEquals(false, grpc().destroyEndpoint(DestroyEndpointRequest.newBuilder().setEndpointId(created.get(0)).build()).getExisted());
    }

    @Test
    void anOfferThenTheAnswerSettlesTheCodec() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMA)) {
            CreateEndpointResponse offer = grpc().createEndpoint(CreateEndpointRequest.newBuilder().setSessionId(session)
                    .setLegId("b").addCodecPreference(Codec.CODEC_PCMA).addCodecPreference(Codec.CODEC_PCMU).build());
            try {
                assertEquals(SdpType.SDP_TYPE_OFFER, offer.getLocalSdpType());
                assertTrue(offer.getLocalSdp().contains("m=audio " + offer.getLocalRtpPort() + " RTP/AVP 8 0 101\r\n"));
                var settled = grpc().setRemoteDescription(SetRemoteDescriptionRequest.newBuilder()
                        .setEndpointId(offer.getEndpointId()).setRemoteSdp(phone.offer(96)).build());
                assertEquals(Codec.CODEC_PCMA, settled.getCodec());
                assertEquals(96, settled.getTelephoneEventPayloadType());
                StatusRuntimeException twice = assertThrows(StatusRuntimeException.class, () -> grpc().setRemoteDescription(
                        SetRemoteDescriptionRequest.newBuilder().setEndpointId(offer.getEndpointId()).setRemoteSdp(phone.offer(96)).build()));
                assertEquals(Status.Code.FAILED_PRECONDITION, twice.getStatus().getCode());
            } finally {
                destroy(offer.getEndpointId());
            }
        }
    }

    @Test
    void unknownEndpointsAndPromptsAreNotFound() throws IOException {
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> grpc().play(
                PlayRequest.newBuilder().setEndpointId("nope").setLanguage("es").addPromptIds("welcome").build()))
                .getStatus().getCode());
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc().play(PlayRequest.newBuilder()
                    .setEndpointId(endpoint.getEndpointId()).setLanguage("fr").addPromptIds("welcome").build()));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
            assertEquals("no prompt 'welcome' in language 'fr' (neither uploaded nor shipped)", e.getStatus().getDescription());
        }
    }

    // -------------------------------------------------------------------------------------------
    // Bridge
    // -------------------------------------------------------------------------------------------

    @Test
    void bridgedPhonesHearEachOtherTranscodedWithEventsPassedAndDtmfStillDetected() throws IOException {
        try (TestPhone user = new TestPhone(Law.PCMU); TestPhone destination = new TestPhone(Law.PCMA)) {
            CreateEndpointResponse a = create(user);
            CreateEndpointResponse b = create(destination, 96);
            // A prompt on B first: the bridge must continue B's stream (same SSRC, next sequence).
            String played = grpc().play(PlayRequest.newBuilder().setEndpointId(b.getEndpointId()).setLanguage("en")
                    .addPromptIds("1").build()).getOperationId();
            awaitEvent(e -> e.hasPlaybackFinished() && e.getPlaybackFinished().getOperationId().equals(played));
            List<TestPhone.Received> prompt = destination.received();
            TestPhone.Received lastPrompt = prompt.get(prompt.size() - 1);

            String bridge = grpc().bridge(BridgeRequest.newBuilder().setEndpointIdA(a.getEndpointId())
                    .setEndpointIdB(b.getEndpointId()).build()).getBridgeId();
            destination.clear();
            short[] voice = tone(500, 1600);
            user.sendAudio(voice);
            destination.sendAudio(tone(300, 1600));
            await().until(() -> destination.received().size() >= 10 && user.received().size() >= 10);
            TestPhone.Received first = destination.received().get(0);
            assertEquals(lastPrompt.packet().ssrc(), first.packet().ssrc());
            assertEquals((lastPrompt.packet().sequence() + 1) & 0xFFFF, first.packet().sequence());
            assertEquals(8, first.packet().payloadType());
            byte[] sentMu = G711.encode(Law.PCMU, java.util.Arrays.copyOf(voice, 160));
            assertEquals(java.util.Arrays.toString(G711.transcode(Law.PCMU, Law.PCMA, sentMu)),
                    java.util.Arrays.toString(first.packet().payload()));
            assertEquals(0, user.received().get(0).packet().payloadType());

            // The user's RFC 4733 digit reaches B with B's payload type and is detected on A meanwhile.
            user.sendDigit('5', 101);
            await().until(() -> destination.received().stream().anyMatch(r -> r.packet().payloadType() == 96));
            await().until(() -> detected(a.getEndpointId()).equals(List.of("5")));

            assertTrue(grpc().unbridge(UnbridgeRequest.newBuilder().setBridgeId(bridge).build()).getExisted());
            assertEquals(false, grpc().unbridge(UnbridgeRequest.newBuilder().setBridgeId(bridge).build()).getExisted());
            destination.clear();
            user.sendAudio(voice);
            String again = grpc().play(PlayRequest.newBuilder().setEndpointId(b.getEndpointId()).setLanguage("en")
                    .addPromptIds("2").build()).getOperationId();
            awaitEvent(e -> e.hasPlaybackFinished() && e.getPlaybackFinished().getOperationId().equals(again));
            assertTrue(destination.received().stream().allMatch(r -> r.packet().ssrc() == lastPrompt.packet().ssrc()));
            // Unbridged: B hears its prompt only, none of the user's voice.
            List<String> voiceOnB = new ArrayList<>();
            for (int at = 0; at < voice.length; at += 160) {
                byte[] mu = G711.encode(Law.PCMU, java.util.Arrays.copyOfRange(voice, at, at + 160));
                voiceOnB.add(java.util.Arrays.toString(G711.transcode(Law.PCMU, Law.PCMA, mu)));
            }
            assertFalse(destination.received().isEmpty());
            assertTrue(destination.received().stream()
                    .noneMatch(r -> voiceOnB.contains(java.util.Arrays.toString(r.packet().payload()))));
        }
    }

    @Test
    void silenceForTheInactivityTimeoutReportsAndClosesTheEndpoint() throws IOException {
        try (TestPhone phone = new TestPhone(Law.PCMU)) {
            CreateEndpointResponse endpoint = create(phone);
            int before = server.portsInUse();
            // The timer reads the service's clock: stepped, not waited for.
            clock.step(java.time.Duration.ofSeconds(3));
            MediaEvent timeout = awaitEvent(e -> e.getEndpointId().equals(endpoint.getEndpointId()) && e.hasMediaTimeout());
            assertTrue(timeout.getMediaTimeout().getInactivityMs() >= 3000);
            MediaEvent closed = awaitEvent(e -> e.getEndpointId().equals(endpoint.getEndpointId()) && e.hasEndpointClosed());
            assertEquals(EndpointCloseReason.ENDPOINT_CLOSE_REASON_MEDIA_TIMEOUT, closed.getEndpointClosed().getReason());
            assertTrue(closed.getSequence() > timeout.getSequence());
            await().until(() -> server.portsInUse() == before - 1);
        }
    }

    // -------------------------------------------------------------------------------------------

    private CreateEndpointResponse create(TestPhone phone) {
        return create(phone, 101);
    }

    private CreateEndpointResponse create(TestPhone phone, int telephoneEventPt) {
        CreateEndpointResponse response = grpc().createEndpoint(CreateEndpointRequest.newBuilder().setSessionId(session)
                .setLegId("leg-" + phone.port()).setRemoteSdp(phone.offer(telephoneEventPt)).build());
        phone.target(response.getLocalRtpPort());
        endpoints.add(response.getEndpointId());
        return response;
    }

    private void destroy(String endpointId) {
        grpc().destroyEndpoint(DestroyEndpointRequest.newBuilder().setEndpointId(endpointId).build());
    }

    private String collect(CreateEndpointResponse endpoint, String prompt, int maxDigits, String terminator) {
        return grpc().playAndCollect(PlayAndCollectRequest.newBuilder().setEndpointId(endpoint.getEndpointId())
                .setLanguage("en").addPromptIds(prompt).setBargeIn(true).setMaxDigits(maxDigits)
                .setTerminator(terminator).setFirstDigitTimeoutMs(10_000).setInterDigitTimeoutMs(5000).build())
                .getOperationId();
    }

    private static double droppedPackets() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("ringback_media_rtp_packets_dropped_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElseThrow();
    }

    private List<String> detected(String endpointId) {
        return EVENTS.stream().filter(e -> e.getEndpointId().equals(endpointId) && e.hasDtmfDetected())
                .map(e -> e.getDtmfDetected().getDigit()).toList();
    }

    private static MediaEvent awaitEvent(Predicate<MediaEvent> match) {
        return await().atMost(Duration.ofSeconds(15)).until(
                () -> EVENTS.stream().filter(match).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    static short[] tone(double hz, int samples) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / 8000));
        }
        return out;
    }

    static short[] dtmfTone(char digit, int ms) {
        String keypad = "123A456B789C*0#D";
        double[] low = {697, 770, 852, 941};
        double[] high = {1209, 1336, 1477, 1633};
        int k = keypad.indexOf(digit);
        short[] out = new short[ms * 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (7000 * Math.sin(2 * Math.PI * low[k / 4] * i / 8000)
                    + 7000 * Math.sin(2 * Math.PI * high[k % 4] * i / 8000));
        }
        return out;
    }

    static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] wav(int format, int channels, int rate, int bits) {
        byte[] file = new G711Wav(Law.PCMU, new byte[800]).toWav();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(20, (short) format).putShort(22, (short) channels).putInt(24, rate).putShort(34, (short) bits);
        return file;
    }
}
