package io.ringback.signaling.adapter.sip;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.CallbackRequested;
import io.ringback.signaling.SignalingTables;
import io.ringback.signaling.TriggerFixtures;
import io.ringback.signaling.adapter.persistence.CachedCallbackDirectory;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.MediaDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.TopicReader;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.ringback.signaling.TriggerFixtures.newNational;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Done means" of issue #10 with an external SIP peer: SIPp (Debian's sip-tester) plays a provider's
 * trunk with {@code src/test/resources/sipp/trigger.xml}, against signaling on real PostgreSQL and a
 * real Kafka broker, accounts answering through its gRPC double. The trigger gets the service's reject
 * code and never a 200 (SIPp fails a call on any response but the one expected); the
 * {@code CallbackRequested} is read from {@code callback.jobs} as an outside consumer reads it; a
 * repeat trigger (over TCP) and the same trigger from an untrusted source create nothing.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
@QuarkusTestResource(MediaDoubleResource.class)
@QuarkusTestResource(SipPortResource.class)
class SippTriggerTest {

    @ConfigProperty(name = "ringback.signaling.sip.port")
    int port;

    @Inject
    CachedCallbackDirectory directory;

    @Inject
    SignalingTables tables;

    @Test
    void aTrunksTriggerIsRefusedWithTheRejectCodeAndPublishesOneCallbackRequestedAndRepeatsAndSpoofsCreateNothing()
            throws Exception {
        String did = "52" + newNational();
        String serviceId = TriggerFixtures.provision(directory, did,
                "\"rejectCode\":486,\"unauthorizedCode\":603,\"callbackDelaySeconds\":3",
                "\"trustedSources\":[\"127.0.0.1/32\"]");
        String national = newNational();
        String caller = "52" + national;
        UUID account = UUID.randomUUID();
        AccountsDouble.registeredCaller(caller, account);

        sipp("u1", "127.0.0.1", did, national, 486);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.recordsWithKey(EventTopics.CALLBACK_JOBS, caller);
        assertEquals(1, records.size());
        CallbackRequested event = CallbackRequested.parseFrom(records.get(0).value());
        assertEquals(caller, event.getCallerNumber());
        assertEquals(did, event.getDid());
        assertEquals(serviceId, event.getCallbackServiceId());
        assertEquals(account.toString(), event.getAccountId());
        try (Connection connection = tables.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT session_id, trigger_call_id FROM callback_job WHERE caller_number = ?")) {
            select.setString(1, caller);
            try (ResultSet job = select.executeQuery()) {
                assertTrue(job.next(), "the trigger stored its job");
                assertEquals(job.getString("session_id"), event.getSessionId());
                assertEquals(job.getString("trigger_call_id"), event.getTriggerCallId());
            }
        }

        sipp("t1", "127.0.0.1", did, national, 486);
        long asked = AccountsDouble.authorizeCallerRequests().stream()
                .filter(request -> request.getCallerNumber().equals(caller)).count();
        // 127.0.0.2 is loopback too, but not the DID's trusted source.
        sipp("u1", "127.0.0.2", did, national, 403);

        assertEquals(asked, AccountsDouble.authorizeCallerRequests().stream()
                .filter(request -> request.getCallerNumber().equals(caller)).count(), "a spoofed source asks nobody");
        assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", caller));
        assertEquals(1, tables.count("SELECT count(*) FROM outbox_event WHERE event_key = ?", caller));
        assertEquals(1, TopicReader.recordsWithKey(EventTopics.CALLBACK_JOBS, caller).size());
    }

    /** Runs SIPp for one call from {@code localIp} over {@code transport}; fails unless the call got {@code expected}. */
    private void sipp(String transport, String localIp, String did, String caller, int expected) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "sipp"));
        Path scenario = dir.resolve("trigger-" + expected + ".xml");
        try (InputStream in = SippTriggerTest.class.getResourceAsStream("/sipp/trigger.xml")) {
            assertTrue(in != null, "the scenario resource");
            Files.writeString(scenario, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
                    .replace("@EXPECTED@", String.valueOf(expected)), StandardCharsets.ISO_8859_1);
        }
        int sipPort = SippPorts.freePort(localIp, 1);
        int mediaPort = SippPorts.freePort(localIp, 4);
        Path log = dir.resolve("sipp-" + expected + "-" + transport + "-" + UUID.randomUUID() + ".log");
        Process sipp = new ProcessBuilder("sipp", SipPortResource.HOST + ":" + port, "-sf",
                scenario.toAbsolutePath().toString(),
                "-m", "1", "-l", "1", "-t", transport, "-i", localIp, "-p", String.valueOf(sipPort),
                "-mp", String.valueOf(mediaPort), "-key", "did", did, "-key", "caller", caller,
                "-recv_timeout", "10s", "-timeout", "30s", "-nostdin")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(sipp.waitFor(60, TimeUnit.SECONDS), "SIPp ended");
        assertEquals(0, sipp.exitValue(), "SIPp's call got " + expected + " and nothing else; its output:\n"
                + Files.readString(log, StandardCharsets.ISO_8859_1));
    }
}
