package io.ringback.signaling.adapter.sip;

import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.signaling.SignalingTables;
import io.ringback.signaling.TriggerFixtures;
import io.ringback.signaling.adapter.persistence.CachedCallbackDirectory;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.MediaDoubleResource;
import io.ringback.testing.PostgresTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.ringback.signaling.TriggerFixtures.newNational;
import static io.ringback.signaling.adapter.sip.SipPeer.code;
import static io.ringback.signaling.adapter.sip.SipPeer.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trigger as a provider's trunk sees it: INVITEs on raw UDP and TCP sockets to DIDs provisioned
 * over REST, accounts answering through its double, jobs in real PostgreSQL. Each exchange ends with
 * an OPTIONS on the same socket whose 200 must be the very next message: nothing else (no 200 to the
 * INVITE, no late answer) was sent in between.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
@QuarkusTestResource(MediaDoubleResource.class)
@QuarkusTestResource(SipPortResource.class)
class SipTriggerTest {

    @ConfigProperty(name = "ringback.signaling.sip.port")
    int port;

    @Inject
    CachedCallbackDirectory directory;

    @Inject
    SignalingTables tables;

    /**
     * A service (486 to accepted triggers, 603 to refused callers, at most one open callback per
     * account) and its DID, trusted from {@code trusted}.
     */
    private String provision(String number, String trusted, boolean assertedIdentityTrusted) {
        return TriggerFixtures.provision(directory, number,
                "\"rejectCode\":486,\"unauthorizedCode\":603,\"maxConcurrentCallbacks\":1",
                "\"trustedSources\":[\"" + trusted + "\"],\"assertedIdentityTrusted\":" + assertedIdentityTrusted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void anAuthorizedCallerGetsTryingThenTheRejectCodeAndOneJobAndRepeatsCreateNothing(String transport)
            throws Exception {
        String did = "52" + newNational();
        String serviceId = provision(did, "127.0.0.1/32", false);
        String national = newNational();
        String caller = "52" + national;
        AccountsDouble.registeredCaller(caller, UUID.randomUUID());

        try (SipPeer peer = SipPeer.of(transport, port)) {
            String invite = peer.invite(did, national, "");
            assertEquals("100", code(peer.exchange(invite)));
            String answer = peer.receive();
            assertEquals("486", code(answer), answer);
            assertTrue(header(answer, "To").matches(".*;tag=[0-9a-f]{16}"), answer);
            assertEquals("1 INVITE", header(answer, "CSeq"));

            // The INVITE again, as if the 486 were lost: the transaction layer repeats it, nobody is asked again.
            long asked = authorizeRequests(caller);
            peer.send(invite);
            String repeated = peer.finalResponse();
            assertEquals(SipPeer.statusLine(answer), SipPeer.statusLine(repeated), repeated);
            assertEquals(header(answer, "To"), header(repeated, "To"));
            assertEquals(asked, authorizeRequests(caller));
            peer.send(SipPeer.ack(invite, answer));

            String callId = header(invite, "Call-ID");
            assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", caller));
            try (Connection connection = tables.connection();
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT did, callback_service_id, status, trigger_call_id FROM callback_job WHERE caller_number = ?")) {
                select.setString(1, caller);
                try (ResultSet job = select.executeQuery()) {
                    assertTrue(job.next());
                    assertEquals(did, job.getString("did"));
                    assertEquals(serviceId, job.getString("callback_service_id"));
                    assertEquals("PENDING", job.getString("status"));
                    assertEquals(callId, job.getString("trigger_call_id"));
                }
            }

            // A new trigger from the caller while its job is pending: the reject code, no second job.
            String second = peer.invite(did, national, "");
            String secondAnswer = finalAnswer(peer, second);
            assertEquals("486", code(secondAnswer), secondAnswer);
            assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", caller));
            assertEquals(1, tables.count("SELECT count(*) FROM outbox_event WHERE event_key = ?", caller));
            assertNothingElseWasSent(peer);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aTriggerWithAnSdpWeCannotUseStillGetsTheRejectCodeAndItsJob(String transport) throws Exception {
        String did = "52" + newNational();
        provision(did, "127.0.0.1/32", false);
        String opusOnly = newNational();
        String garbled = newNational();
        AccountsDouble.registeredCaller("52" + opusOnly, UUID.randomUUID());
        AccountsDouble.registeredCaller("52" + garbled, UUID.randomUUID());
        String unusable = "v=0\r\no=- 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\n"
                + "m=audio 49170 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n";

        try (SipPeer peer = SipPeer.of(transport, port)) {
            String answer = finalAnswer(peer, withSdp(peer.invite(did, opusOnly, ""), unusable));
            assertEquals("486", code(answer), "no codec in common changes nothing: we never answer the trigger");
            String broken = finalAnswer(peer, withSdp(peer.invite(did, garbled, ""), "this is not a session description"));
            assertEquals("486", code(broken), broken);
            assertNothingElseWasSent(peer);
        }
        assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", "52" + opusOnly));
        assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", "52" + garbled));
    }

    /** {@code invite} carrying {@code sdp} as an {@code application/sdp} body. */
    private static String withSdp(String invite, String sdp) {
        return invite.replace("Content-Length: 0\r\n\r\n", "Content-Type: application/sdp\r\nContent-Length: "
                + sdp.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + sdp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void eachRefusalHasItsCodeAndCreatesNoJob(String transport) throws Exception {
        String did = "52" + newNational();
        provision(did, "127.0.0.1", false);
        String spoofed = "52" + newNational();
        provision(spoofed, "203.0.113.0/24", false);
        String registered = newNational();
        AccountsDouble.registeredCaller("52" + registered, UUID.randomUUID());
        String stranger = newNational();
        String down = newNational();
        AccountsDouble.callerFails("52" + down, Status.UNAVAILABLE.withDescription("accounts is down"));

        try (SipPeer peer = SipPeer.of(transport, port)) {
            assertEquals("404", code(finalAnswer(peer, peer.invite("52" + newNational(), registered, ""))));
            assertEquals("403", code(finalAnswer(peer, peer.invite(spoofed, registered, ""))));
            assertEquals("403", code(finalAnswer(peer, peer.invite(did, "anonymous", ""))));
            assertEquals("603", code(finalAnswer(peer, peer.invite(did, stranger, ""))));
            String unavailable = finalAnswer(peer, peer.invite(did, down, ""));
            assertEquals("503", code(unavailable), unavailable);
            assertEquals("5", header(unavailable, "Retry-After"), unavailable);
            assertNothingElseWasSent(peer);
        }
        assertEquals(0, tables.count("SELECT count(*) FROM callback_job WHERE did = ?", spoofed));
        assertEquals(0, tables.count("SELECT count(*) FROM callback_job WHERE did = ?", did));
        assertFalse(AccountsDouble.authorizeCallerRequests().stream().anyMatch(request -> request.getDid().equals(spoofed)),
                "a spoofed source asks accounts nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void theCallerIsTheAssertedIdentityWhenTheSourceMayAssertIt(String transport) throws Exception {
        String did = "52" + newNational();
        provision(did, "127.0.0.0/8", true);
        String asserted = newNational();
        AccountsDouble.registeredCaller("52" + asserted, UUID.randomUUID());

        try (SipPeer peer = SipPeer.of(transport, port)) {
            String invite = peer.invite(did, "anonymous",
                    "P-Asserted-Identity: \"Ana\" <sip:anonymous@127.0.0.1>, <tel:+52" + asserted + ">\r\n");
            assertEquals("486", code(finalAnswer(peer, invite)));
            assertNothingElseWasSent(peer);
        }
        assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", "52" + asserted));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aCancelBeforeTheAnswerGets200TheInvite487AndTheLateAnswerIsNotSent(String transport) throws Exception {
        String did = "52" + newNational();
        provision(did, "127.0.0.1", false);
        String national = newNational();
        String caller = "52" + national;
        UUID account = UUID.randomUUID();
        AccountsDouble.registeredCaller(caller, account);

        try (SipPeer peer = SipPeer.of(transport, port);
             Connection holder = tables.connection()) {
            // The job store waits for the account's lock (the concurrent-callbacks count): the trigger is held there.
            tables.holdAccount(holder, account);
            String invite = peer.invite(did, national, "");
            assertEquals("100", code(peer.exchange(invite)));
            await().atMost(Duration.ofSeconds(5)).until(() -> authorizeRequests(caller) == 1);

            String cancelled = peer.exchange(SipPeer.cancel(invite));
            assertEquals("200", code(cancelled), cancelled);
            assertEquals("1 CANCEL", header(cancelled, "CSeq"));
            String terminated = peer.receive();
            assertEquals("SIP/2.0 487 Request Terminated", SipPeer.statusLine(terminated), terminated);
            assertEquals("1 INVITE", header(terminated, "CSeq"));
            peer.send(SipPeer.ack(invite, terminated));

            tables.releaseAccount(holder, account);
            // The trigger itself stands: the user rang and hung up, and is called back.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", caller) == 1);
            assertNothingElseWasSent(peer);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"UDP", "TCP"})
    void aCancelWithoutItsInviteIs481(String transport) throws Exception {
        try (SipPeer peer = SipPeer.of(transport, port)) {
            String response = peer.exchange(SipPeer.cancel(peer.invite("52" + newNational(), newNational(), "")));
            assertEquals("481", code(response), response);
            assertNothingElseWasSent(peer);
        }
    }

    @Test
    void countsTriggersByOutcomeTheirResponseTimeJobsAndLimitHits() throws Exception {
        String did = "52" + newNational();
        // No concurrent-callbacks limit: the caller's repeats are already-pending, not account-limit.
        TriggerFixtures.provision(directory, did, "\"rejectCode\":486,\"unauthorizedCode\":603",
                "\"trustedSources\":[\"127.0.0.1\"]");
        String untrusted = "52" + newNational();
        provision(untrusted, "203.0.113.0/24", false);
        String national = newNational();
        AccountsDouble.registeredCaller("52" + national, UUID.randomUUID());
        String metrics = metrics();

        try (SipPeer peer = SipPeer.udp(port)) {
            assertEquals("404", code(finalAnswer(peer, peer.invite("52" + newNational(), national, ""))));
            assertEquals("403", code(finalAnswer(peer, peer.invite(untrusted, national, ""))));
            // The caller's limit is 10 a minute: an accepted trigger, nine repeats, then the limit.
            assertEquals("486", code(finalAnswer(peer, peer.invite(did, national, ""))));
            for (int repeat = 0; repeat < 9; repeat++) {
                assertEquals("486", code(finalAnswer(peer, peer.invite(did, national, ""))));
            }
            assertEquals("486", code(finalAnswer(peer, peer.invite(did, national, ""))));
        }

        String after = metrics();
        assertEquals(13, delta(metrics, after, "ringback_signaling_triggers_received_total"));
        assertEquals(1, delta(metrics, after, "ringback_signaling_triggers_total", "outcome=\"unknown-did\""));
        assertEquals(1, delta(metrics, after, "ringback_signaling_triggers_total", "outcome=\"untrusted-source\""));
        assertEquals(1, delta(metrics, after, "ringback_signaling_triggers_total", "outcome=\"accepted\""));
        assertEquals(9, delta(metrics, after, "ringback_signaling_triggers_total", "outcome=\"already-pending\""));
        assertEquals(1, delta(metrics, after, "ringback_signaling_triggers_total", "outcome=\"caller-limit\""));
        assertEquals(1, delta(metrics, after, "ringback_signaling_trigger_limit_hits_total", "limit=\"caller\""));
        assertEquals(1, delta(metrics, after, "ringback_signaling_callback_jobs_created_total"));
        assertEquals(13, delta(metrics, after, "ringback_signaling_trigger_response_seconds_count"));
        assertTrue(value(after, "ringback_signaling_trigger_response_seconds_bucket", "le=\"+Inf\"") >= 13, after);
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static long delta(String before, String after, String name, String... labels) {
        return Math.round(value(after, name, labels) - value(before, name, labels));
    }

    /** A sample's value in Prometheus text: the line named {@code name} with every label given; 0 when absent. */
    private static double value(String exposition, String name, String... labels) {
        return exposition.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    /** Sends the INVITE, checks the 100 comes first, ACKs the final response and returns it. */
    private static String finalAnswer(SipPeer peer, String invite) throws Exception {
        String trying = peer.exchange(invite);
        assertEquals("100", code(trying), trying);
        assertFalse(header(trying, "To").contains(";tag="), trying);
        String answer = peer.receive();
        assertFalse(code(answer).startsWith("2"), answer);
        assertFalse(code(answer).startsWith("1"), answer);
        peer.send(SipPeer.ack(invite, answer));
        return answer;
    }

    /** An OPTIONS whose 200 is the next message: nothing (a 2xx, a late answer) was sent before it. */
    private static void assertNothingElseWasSent(SipPeer peer) throws Exception {
        String options = peer.request("OPTIONS", "probe", "");
        String next = peer.exchange(options);
        assertEquals("200", code(next), next);
        assertEquals(header(options, "Call-ID"), header(next, "Call-ID"), next);
        assertNotNull(header(next, "Allow"));
    }

    private long authorizeRequests(String caller) {
        return AccountsDouble.authorizeCallerRequests().stream()
                .filter(request -> request.getCallerNumber().equals(caller)).count();
    }
}
