package io.ringback.signaling.core.job;

import io.ringback.signaling.core.callback.SessionOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance's callback worker: jobs this instance was handed (from its {@code callback.jobs}
 * partitions) wait in a due-time queue until their not-before time by the injected clock, are
 * claimed in the shared store and handed to the {@link CallbackRunner}; the leases of running jobs
 * are renewed on every {@link #tick}. The store is the truth: a {@link #sweep} also starts jobs no
 * instance was handed or whose holder died (lease lapsed), so a restart or a lost record loses
 * nothing. A job whose expiry passed before it was claimed is dropped with its end marker.
 *
 * <p>Offering the same job twice (a redelivery), or a job another instance holds or already closed,
 * starts nothing: the claim in the store decides. Once {@link #stop stopped}, the worker claims no
 * new job and only keeps the leases of the calls it runs.
 */
public final class JobWorker {

    /** What the worker did, for metrics; each method does nothing unless overridden. */
    public interface Listener {
        default void claimed(ClaimedJob job) {
        }

        default void expired(UUID sessionId) {
        }

        default void leaseLost(UUID sessionId) {
        }
    }

    private final JobClaims claims;
    private final CallbackRunner runner;
    private final String instance;
    private final Clock clock;
    private final Duration lease;
    private final Duration sweepGrace;
    private final int sweepLimit;
    private final Listener listener;

    private final PriorityQueue<DueJob> waiting = new PriorityQueue<>(Comparator.comparing(DueJob::notBefore));
    private final Map<UUID, DueJob> waitingById = new HashMap<>();
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /**
     * @param lease      how long a claim lasts unless renewed; renew (tick) well within it
     * @param sweepGrace how long a due job is left to the instance it was handed to before any
     *                   instance's sweep starts it
     */
    public JobWorker(JobClaims claims, CallbackRunner runner, String instance, Clock clock, Duration lease,
                     Duration sweepGrace, int sweepLimit, Listener listener) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the lease must be positive: " + lease);
        }
        this.claims = claims;
        this.runner = runner;
        this.instance = instance;
        this.clock = clock;
        this.lease = lease;
        this.sweepGrace = sweepGrace;
        this.sweepLimit = sweepLimit;
        this.listener = listener;
    }

    public String instance() {
        return instance;
    }

    /** A job handed to this instance: started at once when due, else when a tick finds it due. */
    public void offer(DueJob job) {
        if (stopped) {
            return;
        }
        synchronized (waiting) {
            if (held.contains(job.sessionId()) || waitingById.containsKey(job.sessionId())) {
                return;
            }
            waiting.add(job);
            waitingById.put(job.sessionId(), job);
        }
        tick();
    }

    /** Renews the leases of running jobs, then starts (or drops) the waiting jobs that are due. */
    public void tick() {
        Instant now = clock.instant();
        renew(now);
        for (DueJob job : takeDue(now)) {
            start(job, now);
        }
    }

    /** Starts what the store says is claimable: due jobs left unstarted past the grace, lapsed leases. */
    public void sweep() {
        if (stopped) {
            return;
        }
        Instant now = clock.instant();
        for (DueJob job : claims.claimable(now, now.minus(sweepGrace), sweepLimit)) {
            start(job, now);
        }
    }

    /** Claims no new job from now on (graceful shutdown); running jobs keep their leases. */
    public void stop() {
        stopped = true;
        synchronized (waiting) {
            waiting.clear();
            waitingById.clear();
        }
    }

    public boolean stopped() {
        return stopped;
    }

    /** The jobs this instance runs now. */
    public Set<UUID> held() {
        return Set.copyOf(held);
    }

    /** How many handed jobs wait for their not-before time. */
    public int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private List<DueJob> takeDue(Instant now) {
        List<DueJob> due = new ArrayList<>();
        synchronized (waiting) {
            if (stopped) {
                return due;
            }
            while (!waiting.isEmpty() && !waiting.peek().notBefore().isAfter(now)) {
                DueJob job = waiting.poll();
                waitingById.remove(job.sessionId());
                due.add(job);
            }
        }
        return due;
    }

    private void renew(Instant now) {
        if (held.isEmpty()) {
            return;
        }
        for (UUID lost : claims.renew(Set.copyOf(held), instance, now, lease)) {
            if (held.remove(lost)) {
                listener.leaseLost(lost);
            }
        }
    }

    private void start(DueJob job, Instant now) {
        if (stopped || held.contains(job.sessionId())) {
            return;
        }
        if (!job.expiresAt().isAfter(now)) {
            if (claims.expire(job.sessionId(), now)) {
                listener.expired(job.sessionId());
                return;
            }
            // Not an unclaimed job: a lapsed claim past its expiry is still taken over below. Its call
            // was started, so the runner ends it; it is not dropped as never run.
        }
        Optional<ClaimedJob> claimed = claims.claim(job.sessionId(), instance, now, lease);
        if (claimed.isEmpty()) {
            return;
        }
        held.add(job.sessionId());
        listener.claimed(claimed.get());
        runner.run(claimed.get(), new Lease(job.sessionId()));
    }

    private final class Lease implements JobLease {
        private final UUID sessionId;

        private Lease(UUID sessionId) {
            this.sessionId = sessionId;
        }

        @Override
        public UUID sessionId() {
            return sessionId;
        }

        @Override
        public boolean held() {
            return held.contains(sessionId);
        }

        @Override
        public boolean close(SessionOutcome outcome) {
            held.remove(sessionId);
            return claims.close(sessionId, instance, outcome, clock.instant());
        }
    }
}
