package io.ringback.signaling.adapter.sip;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.signaling.adapter.persistence.GatewayEntity;
import io.ringback.signaling.adapter.persistence.GatewayRepository;
import io.ringback.signaling.app.CredentialCipher;
import io.ringback.signaling.core.callback.Command;
import io.ringback.signaling.core.callback.Event;
import io.ringback.signaling.core.callback.LegRole;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.MediaDoubleResource;
import io.ringback.testing.PostgresTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The legs we originate (issue #11) against SIPp playing the gateway, one UAS scenario per
 * behaviour under {@code src/test/resources/sipp/gateway-*.xml}: the scenarios check what the
 * gateway receives (the Request-URI user after the gateway's number rules, the digest
 * Authorization, the Reason of our BYE) and fail the call otherwise; the test checks what the leg's
 * listener got, in order.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
@QuarkusTestResource(MediaDoubleResource.class)
@QuarkusTestResource(SipPortResource.class)
class SippOutboundLegsTest {

    private static final String CALLED = "525512345678";
    private static final String CALLER = "5215550001111";
    private static final String OFFER = "v=0\r\no=ringback 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=audio 16000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    @Inject
    OutboundLegs legs;

    @Inject
    GatewayRepository gateways;

    @Inject
    CredentialCipher cipher;

    @Test
    void anAnsweredLegReportsRingingTheAnswerInfoDigitsAndTheFarEndsBye() throws Exception {
        // NATIONAL drops 52, 7788 is the trunk's technical prefix.
        try (Gateway gateway = gateway("gateway-answer.xml", Map.of("@USER@", "77885512345678"), "", "7788", "NATIONAL", null, null)) {
            Recorder events = new Recorder();
            UUID leg = UUID.randomUUID();
            legs.execute(new Command.DialLeg(leg, LegRole.B, gateway.id.toString(), CALLER, CALLED, OFFER), events);

            Event.LegDialed dialed = events.next(Event.LegDialed.class);
            assertEquals(leg, dialed.legId());
            assertEquals("77885512345678", dialed.sentNumber());
            assertNotNull(dialed.sipCallId());
            assertEquals(180, events.next(Event.Provisional.class, p -> p.sipCode() != 100).sipCode());
            Event.Answered answered = events.next(Event.Answered.class);
            assertTrue(answered.sdp().contains("o=gateway"), answered.sdp());
            assertEquals('5', events.next(Event.InfoDigit.class).digit());
            assertEquals('#', events.next(Event.InfoDigit.class).digit());
            assertEquals(new Event.RemoteHangup(leg, 16), events.next(Event.RemoteHangup.class));
            gateway.passed();
            assertEquals(0, legs.active(), "the leg is forgotten once the far end hung up");
        }
    }

    @Test
    void aBusyOrUnavailableGatewayFailsTheLegWithItsCodeAndCause() throws Exception {
        for (String[] answer : new String[][]{{"486", "Busy Here", "17"}, {"503", "Service Unavailable", "41"}}) {
            try (Gateway gateway = gateway("gateway-reject.xml",
                    Map.of("@USER@", CALLED, "@CODE@", answer[0], "@REASON@", answer[1]), "", "", "E164", null, null)) {
                Recorder events = new Recorder();
                UUID leg = UUID.randomUUID();
                legs.dial(new Command.DialLeg(leg, LegRole.B, gateway.id.toString(), CALLER, CALLED, OFFER), events);
                assertEquals(new Event.Failed(leg, Integer.parseInt(answer[0]), Integer.parseInt(answer[2])),
                        events.next(Event.Failed.class));
                gateway.passed();
            }
        }
    }

    @Test
    void aDigestChallengeIsAnsweredOnceAndOurHangUpIsAByeWithItsCause() throws Exception {
        Map<String, String> keys = Map.of("@USER@", "5512345678", "@USERNAME@", "trunk-user", "@PASSWORD@", "s3cret!");
        try (Gateway gateway = gateway("gateway-auth.xml", keys, "52", "", "E164", "trunk-user", "s3cret!")) {
            Recorder events = new Recorder();
            UUID leg = UUID.randomUUID();
            legs.dial(new Command.DialLeg(leg, LegRole.A, gateway.id.toString(), CALLER, CALLED, OFFER), events);
            events.next(Event.Answered.class);
            legs.execute(new Command.HangUpLeg(leg, 16), events);
            gateway.passed();
        }
        // The wrong password: the scenario answers 403 and the leg fails with it.
        try (Gateway gateway = gateway("gateway-auth.xml", keys, "52", "", "E164", "trunk-user", "wrong")) {
            Recorder events = new Recorder();
            UUID leg = UUID.randomUUID();
            legs.dial(new Command.DialLeg(leg, LegRole.A, gateway.id.toString(), CALLER, CALLED, OFFER), events);
            assertEquals(new Event.Failed(leg, 403, 21), events.next(Event.Failed.class));
            gateway.passed();
        }
    }

    @Test
    void aRingingLegIsCancelledAndEndsWith487() throws Exception {
        try (Gateway gateway = gateway("gateway-cancel.xml", Map.of("@USER@", CALLED), "", "", "E164", null, null)) {
            Recorder events = new Recorder();
            UUID leg = UUID.randomUUID();
            legs.dial(new Command.DialLeg(leg, LegRole.A, gateway.id.toString(), CALLER, CALLED, OFFER), events);
            assertEquals(180, events.next(Event.Provisional.class, p -> p.sipCode() == 180).sipCode());
            legs.execute(new Command.CancelLeg(leg), events);
            assertEquals(new Event.Failed(leg, 487, 127), events.next(Event.Failed.class));
            gateway.passed();
        }
    }

    @Test
    void anAnswerWithoutSdpIsAckedHungUpWith488AndReportedWithoutSdp() throws Exception {
        try (Gateway gateway = gateway("gateway-no-sdp.xml", Map.of("@USER@", CALLED), "", "", "E164", null, null)) {
            Recorder events = new Recorder();
            UUID leg = UUID.randomUUID();
            legs.dial(new Command.DialLeg(leg, LegRole.B, gateway.id.toString(), CALLER, CALLED, OFFER), events);
            assertEquals(new Event.Answered(leg, null), events.next(Event.Answered.class));
            gateway.passed();
            assertEquals(0, legs.active(), "the leg is over: a HangUpLeg for it finds nothing");
        }
    }

    @Test
    void aSessionTimerIsNegotiatedThrough422RefreshedByUpdateAndADeadSessionIsHungUp() throws Exception {
        try (Gateway gateway = gateway("gateway-session-timer.xml", Map.of("@USER@", CALLED), "", "", "E164", null, null)) {
            Recorder events = new Recorder();
            UUID leg = UUID.randomUUID();
            legs.execute(new Command.DialLeg(leg, LegRole.B, gateway.id.toString(), CALLER, CALLED, OFFER), events);
            events.next(Event.Answered.class);
            // The interval the 422 asked for is 3600 s: a refresh at half of it, stepped by hand.
            Instant answered = Instant.now();
            legs.tick(answered.plusSeconds(1800));
            awaitRefreshAnswered(leg);
            // Refreshed at +1800: the next one is due at +3600; had the first not counted, the session would be dead.
            legs.tick(answered.plusSeconds(3600));
            awaitRefreshAnswered(leg);
            legs.tick(answered.plusSeconds(3600 + 1799));
            assertEquals(1, legs.active(), "nothing due a second before the next refresh");
            // No tick while the next refresh was due: a whole interval without one, the session is dead.
            legs.tick(answered.plusSeconds(3600 + 3600));
            assertEquals(new Event.SessionTimerExpired(leg), events.next(Event.SessionTimerExpired.class));
            gateway.passed();
            assertEquals(0, legs.active());
        }
    }

    /** Waits for the gateway's 200 to our refresh to cross loopback (not a protocol timer). */
    private void awaitRefreshAnswered(UUID leg) {
        await().alias("the gateway answered our refresh").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(25)).until(() -> !legs.refreshing(leg));
    }

    @Test
    void earlyMediaIsPassedOnAndAFarEndReInviteIsAnsweredWithTheSdpWeAreGiven() throws Exception {
        try (Gateway gateway = gateway("gateway-early-media-reinvite.xml", Map.of("@USER@", CALLED), "", "", "E164", null, null)) {
            Recorder events = new Recorder();
            UUID leg = UUID.randomUUID();
            legs.execute(new Command.DialLeg(leg, LegRole.B, gateway.id.toString(), CALLER, CALLED, OFFER), events);
            Event.Provisional early = events.next(Event.Provisional.class, p -> p.sipCode() == 183);
            assertTrue(early.sdp() != null && early.sdp().contains("s=early"), "183's SDP: " + early.sdp());
            assertTrue(events.next(Event.Answered.class).sdp().contains("o=gateway"));
            Event.ReInvite hold = events.next(Event.ReInvite.class);
            assertTrue(hold.sdp().contains("a=sendonly"), hold.sdp());
            legs.execute(new Command.AnswerReInvite(leg, OFFER), events);
            assertEquals(new Event.RemoteHangup(leg, 16), events.next(Event.RemoteHangup.class));
            gateway.passed();
        }
    }

    @Test
    void aLegToNoGatewayFailsAsARouteFailure() throws Exception {
        Recorder events = new Recorder();
        UUID leg = UUID.randomUUID();
        legs.dial(new Command.DialLeg(leg, LegRole.B, UUID.randomUUID().toString(), CALLER, CALLED, OFFER), events);
        assertEquals(new Event.Failed(leg, 500, 41), events.next(Event.Failed.class));
    }

    /** The listener: every event, in the order the leg reported them. */
    private static final class Recorder implements LegListener {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        @Override
        public void on(Event event) {
            events.add(event);
        }

        <E extends Event> E next(Class<E> type) throws InterruptedException {
            return next(type, e -> true);
        }

        /**
         * The next event of {@code type} passing {@code filter}; only LegDialed and 100 Trying may come
         * before it (any other event first fails the test).
         */
        <E extends Event> E next(Class<E> type, java.util.function.Predicate<E> filter) throws InterruptedException {
            List<Event> skipped = new ArrayList<>();
            while (true) {
                Event event = events.poll(20, TimeUnit.SECONDS);
                assertNotNull(event, "no " + type.getSimpleName() + " within 20 s; before it: " + skipped);
                if (type.isInstance(event) && filter.test(type.cast(event))) {
                    return type.cast(event);
                }
                boolean skippable = event instanceof Event.LegDialed
                        || event instanceof Event.Provisional p && p.sipCode() == 100;
                assertTrue(skippable, "expected " + type.getSimpleName() + ", got " + event + " after " + skipped);
                skipped.add(event);
            }
        }
    }

    /** A gateway row pointing at a SIPp UAS running {@code scenario}. */
    private Gateway gateway(String scenario, Map<String, String> keys, String strip, String add, String format,
                            String username, String password) throws Exception {
        int port = SippPorts.freePort(SipPortResource.HOST, 1);
        int media = SippPorts.freePort(SipPortResource.HOST, 4);
        Path dir = Files.createDirectories(Path.of("target", "sipp"));
        String text;
        try (InputStream in = SippOutboundLegsTest.class.getResourceAsStream("/sipp/" + scenario)) {
            assertNotNull(in, scenario);
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        for (Map.Entry<String, String> key : keys.entrySet()) {
            text = text.replace(key.getKey(), key.getValue());
        }
        Path file = dir.resolve(UUID.randomUUID() + "-" + scenario);
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        Path log = dir.resolve(file.getFileName() + ".log");
        Process sipp = new ProcessBuilder("sipp", "-sf", file.toAbsolutePath().toString(), "-m", "1", "-t", "u1",
                "-i", SipPortResource.HOST, "-p", String.valueOf(port), "-mp", String.valueOf(media),
                "-recv_timeout", "15s", "-timeout", "40s", "-nostdin")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // SIPp binding its port (not a protocol timer).
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertTrue(sipp.isAlive(), "SIPp started: " + Files.readString(log, StandardCharsets.ISO_8859_1));
            return !SippPorts.udpFree(SipPortResource.HOST, port);
        });
        GatewayEntity row = new GatewayEntity();
        row.id = UUID.randomUUID();
        row.name = "sipp " + row.id;
        row.host = SipPortResource.HOST;
        row.port = port;
        row.transport = "UDP";
        row.role = "BOTH";
        row.stripPrefix = strip;
        row.addPrefix = add;
        row.numberFormat = format;
        row.enabled = true;
        row.digestUsername = username;
        row.digestPassword = password == null ? null : cipher.seal(row.id, password);
        row.createdAt = Instant.now();
        row.updatedAt = row.createdAt;
        QuarkusTransaction.requiringNew().run(() -> gateways.persist(row));
        return new Gateway(row.id, sipp, log);
    }

    private static final class Gateway implements AutoCloseable {
        final UUID id;
        private final Process sipp;
        private final Path log;

        Gateway(UUID id, Process sipp, Path log) {
            this.id = id;
            this.sipp = sipp;
            this.log = log;
        }

        /** SIPp ended its one call with every message as its scenario expects. */
        void passed() throws Exception {
            assertTrue(sipp.waitFor(45, TimeUnit.SECONDS), "SIPp ended");
            assertEquals(0, sipp.exitValue(), "SIPp's scenario passed; its output:\n"
                    + Files.readString(log, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void close() {
            sipp.destroy();
        }
    }
}
