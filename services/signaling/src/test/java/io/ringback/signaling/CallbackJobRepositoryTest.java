package io.ringback.signaling;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.CallbackRequested;
import io.ringback.signaling.adapter.persistence.CallbackJobRepository;
import io.ringback.signaling.core.trigger.CallbackJob;
import io.ringback.signaling.core.trigger.JobStore.Created;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.TopicReader;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class CallbackJobRepositoryTest {

    private static final Instant REQUESTED = Instant.parse("2026-12-01T10:00:00.250Z");

    @Inject
    CallbackJobRepository jobs;

    @Inject
    SignalingTables tables;

    private static String newCaller() {
        return "5255" + (10_000_000 + (int) (Math.random() * 89_999_999));
    }

    private static CallbackJob job(String caller, String accountId, int maxConcurrent) {
        return new CallbackJob(UUID.randomUUID(), caller, "525580001000", "svc-1", "tpl-1", "es", accountId, "FLOW",
                maxConcurrent, REQUESTED, REQUESTED.plusSeconds(2), REQUESTED.plusSeconds(302), "trigger@provider");
    }

    @Test
    void anAcceptedJobIsStoredWithItsCallbackRequestedWhichReachesCallbackJobsKeyedByCaller() throws Exception {
        String caller = newCaller();
        CallbackJob job = job(caller, "acc-" + caller, 0);
        assertEquals(Created.CREATED, jobs.create(job));

        List<ConsumerRecord<String, byte[]>> records = TopicReader.recordsWithKey(EventTopics.CALLBACK_JOBS, caller);
        assertEquals(1, records.size());
        CallbackRequested event = CallbackRequested.parseFrom(records.get(0).value());
        assertEquals(job.sessionId().toString(), event.getSessionId());
        assertEquals(caller, event.getCallerNumber());
        assertEquals("525580001000", event.getDid());
        assertEquals("svc-1", event.getCallbackServiceId());
        assertEquals("acc-" + caller, event.getAccountId());
        assertEquals("es", event.getLanguage());
        assertEquals(CtdMode.CTD_MODE_FLOW, event.getCtdMode());
        assertEquals(REQUESTED.getEpochSecond(), event.getRequestedAt().getSeconds());
        assertEquals(250_000_000, event.getRequestedAt().getNanos());
        assertEquals("trigger@provider", event.getTriggerCallId());
        assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ? AND status = 'PENDING'",
                caller));
    }

    @Test
    void aSecondTriggerWhileAJobIsOpenCreatesNoJobAndNoEvent() throws Exception {
        String caller = newCaller();
        assertEquals(Created.CREATED, jobs.create(job(caller, null, 0)));
        assertEquals(Created.ALREADY_PENDING, jobs.create(job(caller, null, 0)));
        assertEquals(1, tables.count("SELECT count(*) FROM callback_job WHERE caller_number = ?", caller));
        assertEquals(1, tables.count("SELECT count(*) FROM outbox_event WHERE event_key = ?", caller));

        tables.execute("UPDATE callback_job SET status = 'RUNNING', claimed_by = 'instance-1', lease_until = now() + interval '30 seconds' WHERE caller_number = ?", caller);
        assertEquals(Created.ALREADY_PENDING, jobs.create(job(caller, null, 0)));
        tables.execute("UPDATE callback_job SET status = 'COMPLETED' WHERE caller_number = ?", caller);
        assertEquals(Created.CREATED, jobs.create(job(caller, null, 0)), "a finished job blocks nothing");
        assertEquals(2, tables.count("SELECT count(*) FROM outbox_event WHERE event_key = ?", caller));
    }

    @Test
    void anAccountAtItsConcurrentCallbackLimitGetsNoFurtherJob() throws Exception {
        String account = "acc-" + UUID.randomUUID();
        String first = newCaller();
        String second = newCaller();
        String third = newCaller();
        assertEquals(Created.CREATED, jobs.create(job(first, account, 2)));
        assertEquals(Created.CREATED, jobs.create(job(second, account, 2)));
        assertEquals(Created.ACCOUNT_LIMIT, jobs.create(job(third, account, 2)));
        assertEquals(Created.ALREADY_PENDING, jobs.create(job(first, account, 2)),
                "a caller's repeat is a repeat, not a limit hit, while the account is full");
        assertEquals(0, tables.count("SELECT count(*) FROM outbox_event WHERE event_key = ?", third));
        tables.execute("UPDATE callback_job SET status = 'FAILED' WHERE caller_number = ?", first);
        assertEquals(Created.CREATED, jobs.create(job(third, account, 2)));
    }
}
