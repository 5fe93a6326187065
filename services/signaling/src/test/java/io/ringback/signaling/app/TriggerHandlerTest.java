package io.ringback.signaling.app;

import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.proto.accounts.v1.AuthorizeCallerRequest;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.CallbackRequested;
import io.ringback.signaling.SignalingTables;
import io.ringback.signaling.TriggerFixtures;
import io.ringback.signaling.adapter.persistence.CachedCallbackDirectory;
import io.ringback.signaling.core.trigger.Trigger;
import io.ringback.signaling.core.trigger.TriggerAnswer;
import io.ringback.signaling.core.trigger.TriggerHandler;
import io.ringback.signaling.core.trigger.TriggerOutcome;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.MediaDoubleResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.RatingDoubleResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import static io.ringback.signaling.TriggerFixtures.newNational;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trigger without SIP, on real PostgreSQL with the accounts double answering AuthorizeCaller:
 * the service and DID provisioned over REST, an authorized caller gets the service's reject code
 * with one job and its CallbackRequested in the outbox, a refused caller the unauthorized code and
 * nothing, and accounts not answering 503 and nothing.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
@QuarkusTestResource(MediaDoubleResource.class)
@QuarkusTestResource(RatingDoubleResource.class)
class TriggerHandlerTest {

    private static final String TRUSTED = "203.0.113.77";

    @Inject
    TriggerHandler triggers;

    @Inject
    CachedCallbackDirectory directory;

    @Inject
    SignalingTables tables;

    /** A service (486 to accepted triggers, 603 to refused callers, 5 s delay, 1.5 minimum) and its DID. */
    private String provision(String number) {
        return TriggerFixtures.provision(directory, number,
                "\"rejectCode\":486,\"unauthorizedCode\":603,\"callbackDelaySeconds\":5,\"minimumBalance\":\"1.5\"",
                "\"trustedSources\":[\"203.0.113.0/24\"]");
    }

    @Test
    void anAuthorizedCallerGetsTheRejectCodeOneJobAndItsCallbackRequestedAndARepeatCreatesNothing() throws Exception {
        String did = "52" + newNational();
        String serviceId = provision(did);
        String national = newNational();
        String caller = "52" + national;
        UUID account = UUID.randomUUID();
        AccountsDouble.registeredCaller(caller, account);

        TriggerAnswer answer = triggers.handle(new Trigger(did, TRUSTED, List.of(), national, "call-1@provider"));

        assertEquals(TriggerOutcome.ACCEPTED, answer.outcome());
        assertEquals(486, answer.sipCode());
        AuthorizeCallerRequest asked = AccountsDouble.authorizeCallerRequests().stream()
                .filter(request -> request.getCallerNumber().equals(caller)).findFirst().orElseThrow();
        assertEquals(did, asked.getDid());
        assertEquals(serviceId, asked.getCallbackServiceId());
        assertEquals("1.500000", asked.getMinimumBalance());
        assertFalse(asked.getAllowUnregisteredWithPin());
        try (Connection connection = tables.connection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT session_id, did, callback_service_id, account_id, ctd_mode, status, language,
                            trigger_call_id, EXTRACT(EPOCH FROM not_before - requested_at) AS delay
                     FROM callback_job WHERE caller_number = ?""")) {
            select.setString(1, caller);
            try (ResultSet job = select.executeQuery()) {
                assertTrue(job.next(), "the accepted trigger stored a job");
                assertEquals(answer.sessionId().toString(), job.getString("session_id"), "the answer names the job's session");
                assertEquals(did, job.getString("did"));
                assertEquals(serviceId, job.getString("callback_service_id"));
                assertEquals(account.toString(), job.getString("account_id"));
                assertEquals("STANDARD", job.getString("ctd_mode"));
                assertEquals("PENDING", job.getString("status"));
                assertEquals("es", job.getString("language"));
                assertEquals("call-1@provider", job.getString("trigger_call_id"));
                assertEquals(5, job.getInt("delay"));
                String sessionId = job.getString("session_id");
                assertFalse(job.next(), "one job");

                List<byte[]> events = payloads(connection, caller);
                assertEquals(1, events.size());
                CallbackRequested event = CallbackRequested.parseFrom(events.get(0));
                assertEquals(sessionId, event.getSessionId());
                assertEquals(caller, event.getCallerNumber());
                assertEquals(did, event.getDid());
                assertEquals(serviceId, event.getCallbackServiceId());
                assertEquals(account.toString(), event.getAccountId());
                assertEquals("call-1@provider", event.getTriggerCallId());
            }
        }

        assertEquals(new TriggerAnswer(TriggerOutcome.ALREADY_PENDING, 486),
                triggers.handle(new Trigger(did, TRUSTED, List.of(), national, "call-2@provider")));
        assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", caller));
        assertEquals(1, tables.count("SELECT count(*) FROM outbox_event WHERE event_key = ?", caller));
    }

    @Test
    void aRefusedCallerGetsTheUnauthorizedCodeAndNoJob() throws Exception {
        String did = "52" + newNational();
        provision(did);
        String national = newNational();

        assertEquals(new TriggerAnswer(TriggerOutcome.NOT_AUTHORIZED, 603),
                triggers.handle(new Trigger(did, TRUSTED, List.of(), national, "call-3@provider")));
        assertTrue(AccountsDouble.authorizeCallerRequests().stream()
                .anyMatch(request -> request.getCallerNumber().equals("52" + national)), "accounts was asked");
        assertEquals(0, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", "52" + national));
        assertEquals(0, tables.count("SELECT count(*) FROM outbox_event WHERE event_key = ?", "52" + national));
    }

    @Test
    void accountsNotAnsweringIs503AndNoJob() throws Exception {
        String did = "52" + newNational();
        provision(did);
        String national = newNational();
        AccountsDouble.callerFails("52" + national, Status.UNAVAILABLE.withDescription("accounts is down"));

        assertEquals(new TriggerAnswer(TriggerOutcome.UNAVAILABLE, 503),
                triggers.handle(new Trigger(did, TRUSTED, List.of(), national, "call-4@provider")));
        assertEquals(0, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", "52" + national));
    }

    private static List<byte[]> payloads(Connection connection, String key) throws Exception {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT payload FROM outbox_event WHERE event_key = ? AND topic = ?")) {
            select.setString(1, key);
            select.setString(2, EventTopics.CALLBACK_JOBS);
            try (ResultSet rows = select.executeQuery()) {
                List<byte[]> payloads = new java.util.ArrayList<>();
                while (rows.next()) {
                    payloads.add(rows.getBytes(1));
                }
                return payloads;
            }
        }
    }
}
