package io.ringback.media;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.ringback.media.codec.G711;
import io.ringback.media.codec.Law;
import io.ringback.media.wav.G711Wav;
import io.ringback.proto.media.v1.BridgeRequest;
import io.ringback.proto.media.v1.CollectEndReason;
import io.ringback.proto.media.v1.CreateEndpointRequest;
import io.ringback.proto.media.v1.DestroyEndpointRequest;
import io.ringback.proto.media.v1.DtmfMethod;
import io.ringback.proto.media.v1.MediaEvent;
import io.ringback.proto.media.v1.MediaServiceGrpc;
import io.ringback.proto.media.v1.PlayAndCollectRequest;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.ServiceChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real external phone (Net::SIP, Debian package libnet-sip-perl) calls a small test SIP user
 * agent whose SDP comes from the media API: it hears a prompt, its digits arrive through the gRPC
 * event stream, and two such phones bridged hear each other.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
class MediaSipIT {

    private static final Path PHONE = Path.of("src/test/perl/phone.pl");
    private static ManagedChannel channel;
    private static final List<MediaEvent> EVENTS = new CopyOnWriteArrayList<>();

    private final String session = UUID.randomUUID().toString();
    private final Map<String, String> endpointByCall = new ConcurrentHashMap<>();

    @BeforeAll
    static void requireNetSip() throws Exception {
        AccountsDouble.restAsAdmin();
        Process check = new ProcessBuilder("perl", "-MNet::SIP", "-e", "1").redirectErrorStream(true).start();
        assertTrue(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0,
                "this test needs the external phone: apt-get install -y libnet-sip-perl");
    }

    @AfterAll
    static void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    private static MediaServiceGrpc.MediaServiceBlockingStub grpc() {
        synchronized (MediaSipIT.class) {
            if (channel == null) {
                channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
                EventRecorder.recordAll(channel, EVENTS);
            }
        }
        return MediaServiceGrpc.newBlockingStub(ServiceChannel.authenticated(channel));
    }

    private String answer(String callId, String offer) {
        try {
            var created = grpc().createEndpoint(CreateEndpointRequest.newBuilder().setSessionId(session)
                    .setLegId(callId).setRemoteSdp(offer).build());
            endpointByCall.put(callId, created.getEndpointId());
            return created.getLocalSdp();
        } catch (StatusRuntimeException refused) {
            return null;
        }
    }

    private void hangUp(String callId) {
        String endpoint = endpointByCall.get(callId);
        if (endpoint != null) {
            grpc().destroyEndpoint(DestroyEndpointRequest.newBuilder().setEndpointId(endpoint).build());
        }
    }

    @Test
    void aPhoneHearsThePromptAndItsDigitsArriveOnTheEventStream() throws Exception {
        grpc();
        try (TestSipAgent agent = new TestSipAgent(this::answer, callId -> grpc().playAndCollect(
                PlayAndCollectRequest.newBuilder().setEndpointId(endpointByCall.get(callId)).setLanguage("es")
                        .addPromptIds("welcome").setBargeIn(true).setMaxDigits(6).setTerminator("#")
                        .setFirstDigitTimeoutMs(10_000).setInterDigitTimeoutMs(5000).build()), this::hangUp)) {
            Path silence = pcmu("silence", new short[8000]);
            Path heard = Files.createTempFile("heard", ".pcmu");
            Phone phone = Phone.start(agent.uri(), silence, heard, "42#", "rfc2833", 4, 1);
            MediaEvent collected = awaitEvent(e -> e.hasDigitsCollected() && e.getSessionId().equals(session));
            assertEquals("42", collected.getDigitsCollected().getDigits());
            assertEquals(CollectEndReason.COLLECT_END_REASON_TERMINATOR, collected.getDigitsCollected().getEndReason());
            assertEquals(DtmfMethod.DTMF_METHOD_RFC4733, collected.getDigitsCollected().getMethod());
            phone.awaitExit();
            byte[] welcome = G711Wav.read(getClass().getResourceAsStream("/prompts/es/welcome.wav").readAllBytes()).samples();
            byte[] wholeFrames = Arrays.copyOf(welcome, welcome.length / 160 * 160);
            assertTrue(indexOf(Files.readAllBytes(heard), wholeFrames) >= 0,
                    "the phone's recording holds the whole welcome prompt, in order: " + phone.output());
        }
    }

    @Test
    void inBandDigitsFromThePhoneAreDetected() throws Exception {
        grpc();
        try (TestSipAgent agent = new TestSipAgent(this::answer, callId -> grpc().playAndCollect(
                PlayAndCollectRequest.newBuilder().setEndpointId(endpointByCall.get(callId)).setLanguage("en")
                        .addPromptIds("enter_pin").setBargeIn(true).setMaxDigits(3)
                        .setFirstDigitTimeoutMs(10_000).setInterDigitTimeoutMs(5000).build()), this::hangUp)) {
            Phone phone = Phone.start(agent.uri(), pcmu("silence", new short[8000]), Files.createTempFile("heard", ".pcmu"),
                    "951", "audio", 1, 1);
            MediaEvent collected = awaitEvent(e -> e.hasDigitsCollected() && e.getSessionId().equals(session));
            assertEquals("951", collected.getDigitsCollected().getDigits(), phone.output().toString());
            assertEquals(DtmfMethod.DTMF_METHOD_INBAND, collected.getDigitsCollected().getMethod());
            phone.awaitExit();
        }
    }

    @Test
    void twoBridgedPhonesHearEachOtherAndTheUsersDigitsPassAndAreDetected() throws Exception {
        grpc();
        List<String> acked = new CopyOnWriteArrayList<>();
        try (TestSipAgent agent = new TestSipAgent(this::answer, callId -> {
            acked.add(callId);
            if (acked.size() == 2) {
                // The user (the second call) is leg A, the destination leg B, as signaling bridges them:
                // in-band DTMF is listened for on leg A only.
                grpc().bridge(BridgeRequest.newBuilder().setEndpointIdA(endpointByCall.get(acked.get(1)))
                        .setEndpointIdB(endpointByCall.get(acked.get(0))).build());
            }
        }, this::hangUp)) {
            short[] low = MediaServiceTest.tone(500, 8000);
            short[] high = MediaServiceTest.tone(1000, 8000);
            Path userSends = pcmu("user", low);
            Path destinationSends = pcmu("destination", high);
            Path userHeard = Files.createTempFile("user-heard", ".pcmu");
            Path destinationHeard = Files.createTempFile("destination-heard", ".pcmu");
            Phone destination = Phone.start(agent.uri(), destinationSends, destinationHeard, "-", "rfc2833", 0, 6);
            await().atMost(Duration.ofSeconds(10)).until(() -> acked.size() == 1);
            Phone user = Phone.start(agent.uri(), userSends, userHeard, "7", "rfc2833", 2, 2);
            user.awaitExit();
            destination.awaitExit();

            assertTrue(destination.output().contains("received-dtmf 7"), destination.output().toString());
            String userEndpoint = endpointByCall.get(acked.get(1));
            assertTrue(EVENTS.stream().anyMatch(e -> e.getEndpointId().equals(userEndpoint) && e.hasDtmfDetected()
                    && e.getDtmfDetected().getDigit().equals("7")));
            byte[] lowFrame = Arrays.copyOf(G711.encode(Law.PCMU, low), 160);
            byte[] highFrame = Arrays.copyOf(G711.encode(Law.PCMU, high), 160);
            byte[] heardByUser = Files.readAllBytes(userHeard);
            byte[] heardByDestination = Files.readAllBytes(destinationHeard);
            assertTrue(indexOf(heardByUser, highFrame) >= 0, "the user hears the destination");
            assertTrue(indexOf(heardByDestination, lowFrame) >= 0, "the destination hears the user");
            assertEquals(-1, indexOf(heardByUser, lowFrame), "no echo of the user's own audio");
        }
    }

    private static Path pcmu(String name, short[] samples) throws IOException {
        Path file = Files.createTempFile(name, ".pcmu");
        Files.write(file, G711.encode(Law.PCMU, samples));
        return file;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static MediaEvent awaitEvent(Predicate<MediaEvent> match) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> EVENTS.stream().filter(match).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    /** The external phone process and what it printed. */
    record Phone(Process process, List<String> output) {

        static Phone start(String callee, Path input, Path heard, String digits, String method, int before, int hold)
                throws IOException {
            int port;
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Process process = new ProcessBuilder("perl", PHONE.toString(), String.valueOf(port), callee,
                    input.toString(), heard.toString(), digits, method, String.valueOf(before), String.valueOf(hold))
                    .redirectErrorStream(true).start();
            List<String> output = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        output.add(line);
                    }
                } catch (IOException ended) {
                    output.add("(output closed: " + ended.getMessage() + ")");
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new Phone(process, output);
        }

        void awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the phone did not finish: " + output);
            assertEquals(0, process.exitValue(), "the phone failed: " + output);
        }
    }
}
