package io.ringback.signaling.adapter.sip;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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

import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.ringback.signaling.TriggerFixtures.newNational;
import static io.ringback.signaling.adapter.sip.SipPeer.code;
import static io.ringback.signaling.adapter.sip.SipPeer.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trigger pool full: with one trigger worker and a queue of one, a trigger that finds the worker
 * busy and the queue taken is refused {@code 503} with {@code Retry-After} at once, before accounts is
 * asked and without a job, while the triggers ahead of it still get their answers and their jobs.
 */
@QuarkusTest
@TestProfile(SipTriggerOverloadTest.OneTriggerWorker.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
@QuarkusTestResource(MediaDoubleResource.class)
@QuarkusTestResource(SipPortResource.class)
class SipTriggerOverloadTest {

    /** One worker, one queued trigger, and a Retry-After the test can recognise. */
    public static class OneTriggerWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ringback.signaling.sip.trigger-workers", "1",
                    "ringback.signaling.sip.trigger-queue", "1",
                    "ringback.signaling.sip.retry-after", "7s");
        }
    }

    @ConfigProperty(name = "ringback.signaling.sip.port")
    int port;

    @Inject
    CachedCallbackDirectory directory;

    @Inject
    SignalingTables tables;

    @Test
    void aTriggerFindingEveryWorkerBusyAndTheQueueFullIs503WithRetryAfterAndNoJob() throws Exception {
        String did = "52" + newNational();
        TriggerFixtures.provision(directory, did, "\"rejectCode\":486",
                "\"trustedSources\":[\"127.0.0.1/32\"],\"assertedIdentityTrusted\":false");
        UUID held = UUID.randomUUID();
        String first = newNational();
        String second = newNational();
        String third = newNational();
        AccountsDouble.registeredCaller("52" + first, held);
        AccountsDouble.registeredCaller("52" + second, held);
        AccountsDouble.registeredCaller("52" + third, UUID.randomUUID());
        double overloadedBefore = overloaded();

        try (SipPeer peer = SipPeer.udp(port);
             Connection holder = tables.connection()) {
            // The worker takes the first trigger and waits in the job store for the held account.
            tables.holdAccount(holder, held);
            String firstInvite = peer.invite(did, first, "");
            assertEquals("100", code(peer.exchange(firstInvite)));
            await().atMost(Duration.ofSeconds(10)).until(() -> authorizeRequests("52" + first) == 1);
            // The second waits in the queue.
            String secondInvite = peer.invite(did, second, "");
            assertEquals("100", code(peer.exchange(secondInvite)));

            // The third finds no room: 503 at once, Retry-After as configured, accounts never asked.
            String thirdInvite = peer.invite(did, third, "");
            assertEquals("100", code(peer.exchange(thirdInvite)));
            String refused = peer.receive();
            assertEquals("503", code(refused), refused);
            assertEquals(header(thirdInvite, "Call-ID"), header(refused, "Call-ID"), refused);
            assertEquals("7", header(refused, "Retry-After"), refused);
            peer.send(SipPeer.ack(thirdInvite, refused));
            assertEquals(0, authorizeRequests("52" + third));
            assertEquals(1.0, overloaded() - overloadedBefore);

            // Once the account is free the two ahead get the reject code, in their order, each its job.
            tables.releaseAccount(holder, held);
            Map<String, String> answers = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                String answer = peer.receive();
                answers.put(header(answer, "Call-ID"), answer);
            }
            for (String invite : new String[] {firstInvite, secondInvite}) {
                String answer = answers.get(header(invite, "Call-ID"));
                assertEquals("486", code(answer), String.valueOf(answers));
                peer.send(SipPeer.ack(invite, answer));
            }
        }
        assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", "52" + first));
        assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", "52" + second));
        assertEquals(0, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", "52" + third));
        assertTrue(authorizeRequests("52" + second) == 1, "the queued trigger ran once");
    }

    private static long authorizeRequests(String caller) {
        return AccountsDouble.authorizeCallerRequests().stream()
                .filter(request -> request.getCallerNumber().equals(caller)).count();
    }

    private static double overloaded() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("ringback_signaling_triggers_total{")
                        && line.contains("outcome=\"overloaded\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
