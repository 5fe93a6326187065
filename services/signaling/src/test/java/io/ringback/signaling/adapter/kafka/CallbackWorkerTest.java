package io.ringback.signaling.adapter.kafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.HangupParty;
import io.ringback.proto.events.v1.PlatformReason;
import io.ringback.proto.events.v1.SessionEnded;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringback.signaling.SignalingTables;
import io.ringback.signaling.adapter.metrics.JobMetrics;
import io.ringback.signaling.adapter.persistence.CallbackJobRepository;
import io.ringback.signaling.adapter.persistence.JobClaimRepository;
import io.ringback.signaling.core.job.CallbackRunner;
import io.ringback.signaling.core.job.ClaimedJob;
import io.ringback.signaling.core.job.DueJob;
import io.ringback.signaling.core.job.JobLease;
import io.ringback.signaling.core.callback.SessionOutcome;
import io.ringback.signaling.core.job.JobWorker;
import io.ringback.signaling.core.trigger.CallbackJob;
import io.ringback.signaling.core.trigger.JobStore.Created;
import io.ringback.testing.KafkaBroker;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.SteppableClock;
import io.ringback.testing.TopicReader;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Callback workers on the real database and broker: two workers (two instances' claimers) over the
 * same job rows, each on its own stepped clock so no other test's time moves. The runner here
 * records what it was handed: the claim is what is tested, the call is the driver's.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class CallbackWorkerTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Inject
    CallbackJobRepository jobs;

    @Inject
    JobClaimRepository claims;

    @Inject
    SignalingTables tables;

    @Inject
    JobMetrics metrics;

    @Inject
    MeterRegistry registry;

    private final SteppableClock clock = new SteppableClock();

    /** Every job handed to a runner, with the instance that ran it. */
    private final Map<UUID, List<String>> runs = new ConcurrentHashMap<>();
    private final Map<UUID, JobLease> leases = new ConcurrentHashMap<>();
    private final List<ClaimedJob> handed = new CopyOnWriteArrayList<>();
    private final List<UUID> lost = new CopyOnWriteArrayList<>();

    private JobWorker worker(String instance) {
        CallbackRunner runner = (job, lease) -> {
            runs.computeIfAbsent(job.sessionId(), id -> new CopyOnWriteArrayList<>()).add(instance);
            leases.put(job.sessionId(), lease);
            handed.add(job);
        };
        JobWorker.Listener listener = new JobWorker.Listener() {
            @Override
            public void leaseLost(UUID sessionId) {
                lost.add(sessionId);
            }
        };
        return new JobWorker(claims, runner, instance + "-" + UUID.randomUUID(), clock, LEASE, Duration.ofSeconds(5),
                1000, listener);
    }

    private CallbackJob newJob(Duration delay, Duration expiry) throws Exception {
        return newJob("5255" + (10_000_000 + (int) (Math.random() * 89_999_999)), delay, expiry);
    }

    private CallbackJob newJob(String caller, Duration delay, Duration expiry) throws Exception {
        Instant now = clock.instant();
        CallbackJob job = new CallbackJob(UUID.randomUUID(), caller, "525580001000", "svc-1", "tpl-1", "es",
                "acc-" + caller, "STANDARD", 0, now, now.plus(delay), now.plus(expiry), "trigger@" + caller);
        assertEquals(Created.CREATED, jobs.create(job));
        return job;
    }

    private static DueJob due(CallbackJob job) {
        return new DueJob(job.sessionId(), job.notBefore(), job.expiresAt());
    }

    private String column(UUID sessionId, String column) throws Exception {
        try (var connection = tables.connection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + column + "::text FROM callback_job WHERE session_id = ?")) {
            select.setObject(1, sessionId);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getString(1);
            }
        }
    }

    @Test
    void twoInstancesRacingForTheSameJobsRunEachExactlyOnce() throws Exception {
        JobWorker first = worker("a");
        JobWorker second = worker("b");
        List<CallbackJob> created = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            created.add(newJob(Duration.ZERO, Duration.ofMinutes(5)));
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (JobWorker worker : List.of(first, second)) {
                done.add(threads.submit(() -> {
                    start.await();
                    for (CallbackJob job : created) {
                        worker.offer(due(job));
                        worker.offer(due(job));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        for (CallbackJob job : created) {
            List<String> ranBy = runs.get(job.sessionId());
            assertEquals(1, ranBy.size(), "job " + job.sessionId() + " ran by " + ranBy);
            assertEquals("RUNNING", column(job.sessionId(), "status"));
            assertEquals("1", column(job.sessionId(), "claim_count"));
            assertTrue(column(job.sessionId(), "claimed_by").startsWith(ranBy.get(0) + "-"));
        }
        assertEquals(20, first.held().size() + second.held().size());
    }

    @Test
    void aJobWaitsForItsNotBeforeTimeByTheClock() throws Exception {
        JobWorker worker = worker("a");
        CallbackJob job = newJob(Duration.ofSeconds(20), Duration.ofMinutes(5));
        worker.offer(due(job));
        worker.sweep();
        assertNull(runs.get(job.sessionId()));
        assertEquals(1, worker.waiting());

        clock.step(Duration.ofSeconds(19));
        worker.tick();
        assertNull(runs.get(job.sessionId()), "not due one second before its not-before time");
        assertEquals("PENDING", column(job.sessionId(), "status"));

        clock.step(Duration.ofSeconds(1));
        worker.tick();
        assertEquals(List.of("a"), runs.get(job.sessionId()));
        assertEquals("RUNNING", column(job.sessionId(), "status"));
        assertEquals(0, worker.waiting());
    }

    @Test
    void aJobWhoseInstanceDiedIsTakenOverAfterItsLeaseAndClosedOnceWithItsOutcome() throws Exception {
        JobWorker dying = worker("a");
        JobWorker survivor = worker("b");
        CallbackJob job = newJob(Duration.ZERO, Duration.ofMinutes(5));
        dying.offer(due(job));
        assertEquals(List.of("a"), runs.get(job.sessionId()));
        JobLease firstLease = leases.get(job.sessionId());

        clock.step(Duration.ofSeconds(20));
        dying.tick();
        clock.step(Duration.ofSeconds(20));
        survivor.sweep();
        assertEquals(List.of("a"), runs.get(job.sessionId()), "a renewed lease is not taken over");

        clock.step(Duration.ofSeconds(11));
        survivor.sweep();
        assertEquals(List.of("a", "b"), runs.get(job.sessionId()));
        ClaimedJob takenOver = handed.get(handed.size() - 1);
        assertTrue(takenOver.takenOver());
        assertEquals(job.callerNumber(), takenOver.callerNumber());
        assertEquals("2", column(job.sessionId(), "claim_count"));

        dying.tick();
        assertEquals(List.of(job.sessionId()), lost);
        assertFalse(firstLease.held());
        assertFalse(firstLease.close(SessionOutcome.CALLBACK_FAILED), "the dead instance's lease closes nothing");

        JobLease secondLease = leases.get(job.sessionId());
        assertTrue(secondLease.close(SessionOutcome.CONNECTED));
        assertEquals("COMPLETED", column(job.sessionId(), "status"));
        assertEquals("CONNECTED", column(job.sessionId(), "outcome"));
        assertNull(column(job.sessionId(), "lease_until"));
        assertFalse(secondLease.close(SessionOutcome.CONNECTED));
        assertEquals(0, survivor.held().size());

        clock.step(Duration.ofMinutes(1));
        survivor.sweep();
        dying.offer(due(job));
        assertEquals(List.of("a", "b"), runs.get(job.sessionId()), "a closed job never runs again");
    }

    @Test
    void anExpiredJobIsDroppedWithItsSessionEndedOnCallLegs() throws Exception {
        JobWorker worker = worker("a");
        CallbackJob job = newJob(Duration.ofSeconds(2), Duration.ofSeconds(60));
        clock.step(Duration.ofSeconds(60));
        Instant expiredAt = clock.instant();
        worker.offer(due(job));
        assertNull(runs.get(job.sessionId()));
        assertEquals("EXPIRED", column(job.sessionId(), "status"));
        assertEquals("JOB_EXPIRED", column(job.sessionId(), "outcome"));

        List<ConsumerRecord<String, byte[]>> records = TopicReader.recordsWithKey(EventTopics.CALL_LEGS,
                job.sessionId().toString());
        assertEquals(1, records.size());
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertEquals("ringback.events.v1.SessionEnded",
                new String(record.headers().lastHeader(EventTopics.HEADER_TYPE).value(), StandardCharsets.UTF_8));
        SessionEnded marker = SessionEnded.parseFrom(record.value());
        assertEquals(job.sessionId().toString(), marker.getSessionId());
        assertEquals(io.ringback.proto.events.v1.SessionOutcome.SESSION_OUTCOME_JOB_EXPIRED, marker.getOutcome());
        assertEquals(PlatformReason.PLATFORM_REASON_JOB_EXPIRED, marker.getPlatformReason());
        assertEquals(HangupParty.HANGUP_PARTY_PLATFORM, marker.getHangupBy());
        assertEquals(0, marker.getLegIdsCount());
        assertEquals(job.accountId(), marker.getAccountId());
        assertEquals("svc-1", marker.getCallbackServiceId());
        assertEquals(1, marker.getSchemaVersion());
        assertEquals(job.requestedAt().getEpochSecond(), marker.getStartedAt().getSeconds());
        assertEquals(expiredAt.getEpochSecond(), marker.getOccurredAt().getSeconds());

        worker.sweep();
        worker.offer(due(job));
        assertEquals(1, tables.count("SELECT count(*) FROM outbox_event WHERE event_key = ?",
                job.sessionId().toString()), "an expired job is dropped once");
    }

    @Test
    void jobsFromCallbackJobsAreSharedByTheGroupAndARedeliveryRunsNothing() throws Exception {
        JobWorker first = worker("a");
        JobWorker second = worker("b");
        String group = "jobs-test-" + UUID.randomUUID();
        CallbackJob job = newJob(Duration.ZERO, Duration.ofHours(1));
        try (CallbackJobConsumer one = new CallbackJobConsumer(KafkaBroker.bootstrapServers(), group, claims, first);
             CallbackJobConsumer two = new CallbackJobConsumer(KafkaBroker.bootstrapServers(), group, claims, second)) {
            one.start();
            two.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.containsKey(job.sessionId()));
            assertEquals(1, runs.get(job.sessionId()).size());
            assertTrue(leases.get(job.sessionId()).close(SessionOutcome.NOT_CONNECTED));
        }
        assertEquals("COMPLETED", column(job.sessionId(), "status"));
        assertEquals("NOT_CONNECTED", column(job.sessionId(), "outcome"));

        // A new group reads callback.jobs again from the start: the closed job is skipped. The caller's
        // next job has the same key, so it is read after the first one's record.
        JobWorker third = worker("c");
        CallbackJob later = newJob(job.callerNumber(), Duration.ZERO, Duration.ofHours(1));
        try (CallbackJobConsumer replay = new CallbackJobConsumer(KafkaBroker.bootstrapServers(),
                "jobs-test-" + UUID.randomUUID(), claims, third)) {
            replay.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> runs.containsKey(later.sessionId()));
        }
        assertEquals(1, runs.get(job.sessionId()).size(), "the redelivered CallbackRequested ran nothing");
    }

    @Test
    void theWorkersCountClaimsTakeoversExpiriesAndLostLeases() throws Exception {
        double claimedBefore = count("ringback.signaling.callback.jobs.claimed");
        double takenOverBefore = count("ringback.signaling.callback.jobs.taken.over");
        double expiredBefore = count("ringback.signaling.callback.jobs.expired");
        double lostBefore = count("ringback.signaling.callback.jobs.leases.lost");
        JobWorker dying = new JobWorker(claims, (job, lease) -> { }, "m-a-" + UUID.randomUUID(), clock, LEASE,
                Duration.ofSeconds(5), 1000, metrics);
        JobWorker survivor = new JobWorker(claims, (job, lease) -> { }, "m-b-" + UUID.randomUUID(), clock, LEASE,
                Duration.ofSeconds(5), 1000, metrics);
        CallbackJob job = newJob(Duration.ZERO, Duration.ofMinutes(5));
        CallbackJob expiring = newJob(Duration.ofSeconds(10), Duration.ofSeconds(20));
        dying.offer(due(job));
        clock.step(Duration.ofSeconds(31));
        survivor.offer(due(job));
        survivor.offer(due(expiring));
        dying.tick();

        assertEquals(claimedBefore + 2, count("ringback.signaling.callback.jobs.claimed"));
        assertEquals(takenOverBefore + 1, count("ringback.signaling.callback.jobs.taken.over"));
        assertEquals(expiredBefore + 1, count("ringback.signaling.callback.jobs.expired"));
        assertEquals(lostBefore + 1, count("ringback.signaling.callback.jobs.leases.lost"));
    }

    private double count(String name) {
        return registry.get(name).counter().count();
    }
}
