package io.ringback.signaling.adapter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringback.signaling.core.job.ClaimedJob;
import io.ringback.signaling.core.job.JobWorker;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * The callback workers' metrics (docs/operations.md, Metrics and alerts): jobs claimed, of them taken
 * over after a lapsed lease, jobs dropped expired and leases lost; registered at start, so they read 0
 * while the workers are off. Per replica; Prometheus sums them.
 */
@Startup
@Singleton
public class JobMetrics implements JobWorker.Listener {

    private final Counter claimed;
    private final Counter takenOver;
    private final Counter expired;
    private final Counter leasesLost;

    public JobMetrics(MeterRegistry registry) {
        claimed = Counter.builder("ringback.signaling.callback.jobs.claimed")
                .description("Callback jobs this instance claimed and handed to the callback driver").register(registry);
        takenOver = Counter.builder("ringback.signaling.callback.jobs.taken.over")
                .description("Claimed jobs whose previous instance's lease had lapsed").register(registry);
        expired = Counter.builder("ringback.signaling.callback.jobs.expired")
                .description("Callback jobs dropped unrun after their expiry (SessionEnded JOB_EXPIRED)").register(registry);
        leasesLost = Counter.builder("ringback.signaling.callback.jobs.leases.lost")
                .description("Running jobs whose lease this instance could not renew (taken over elsewhere)")
                .register(registry);
    }

    @Override
    public void claimed(ClaimedJob job) {
        claimed.increment();
        if (job.takenOver()) {
            takenOver.increment();
        }
    }

    @Override
    public void expired(UUID sessionId) {
        expired.increment();
    }

    @Override
    public void leaseLost(UUID sessionId) {
        leasesLost.increment();
    }
}
