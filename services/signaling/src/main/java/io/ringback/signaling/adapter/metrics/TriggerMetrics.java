package io.ringback.signaling.adapter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ringback.signaling.core.trigger.TriggerOutcome;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The trigger's metrics (docs/operations.md, Metrics and alerts): triggers received, their outcomes
 * (accepted or the reason each was refused), the time from the INVITE to its final response, the
 * callback jobs created and the limit hits. Per replica; Prometheus sums them.
 */
@ApplicationScoped
public class TriggerMetrics {

    /** Outcomes that are not the rules': every worker busy (503 at once), and a failure of ours (500). */
    public static final String OVERLOADED = "overloaded";
    public static final String FAILED = "failed";

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter jobsCreated;
    private final Timer responseTime;
    private final Map<TriggerOutcome, Counter> outcomes = new EnumMap<>(TriggerOutcome.class);
    private final Map<TriggerOutcome, Counter> limits = new EnumMap<>(TriggerOutcome.class);

    public TriggerMetrics(MeterRegistry registry) {
        this.registry = registry;
        received = Counter.builder("ringback.signaling.triggers.received")
                .description("INVITEs to the trigger that passed the RFC 3261 checks").register(registry);
        jobsCreated = Counter.builder("ringback.signaling.callback.jobs.created")
                .description("Callback jobs (and their CallbackRequested) an accepted trigger created").register(registry);
        responseTime = Timer.builder("ringback.signaling.trigger.response")
                .description("From the INVITE's arrival to its final response being sent")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        for (TriggerOutcome outcome : TriggerOutcome.values()) {
            outcomes.put(outcome, outcome(outcome.label()));
        }
        limits.put(TriggerOutcome.SOURCE_LIMIT, limit("source"));
        limits.put(TriggerOutcome.CALLER_LIMIT, limit("caller"));
        limits.put(TriggerOutcome.ACCOUNT_LIMIT, limit("account"));
    }

    private Counter outcome(String label) {
        return Counter.builder("ringback.signaling.triggers")
                .description("Triggers answered, by outcome: accepted, or why each was refused")
                .tag("outcome", label).register(registry);
    }

    private Counter limit(String limit) {
        return Counter.builder("ringback.signaling.trigger.limit.hits")
                .description("Triggers refused over a limit: per source, per caller, concurrent callbacks per account")
                .tag("limit", limit).register(registry);
    }

    /** An INVITE became a trigger: counted, and its response time starts (on the registry's clock). */
    public Timer.Sample received() {
        received.increment();
        return Timer.start(registry);
    }

    /** The rules' outcome, as the final response goes out. */
    public void answered(Timer.Sample sample, TriggerOutcome outcome) {
        outcomes.get(outcome).increment();
        Counter limit = limits.get(outcome);
        if (limit != null) {
            limit.increment();
        }
        if (outcome == TriggerOutcome.ACCEPTED) {
            jobsCreated.increment();
        }
        sample.stop(responseTime);
    }

    /** Refused before or outside the rules: {@link #OVERLOADED} or {@link #FAILED}. */
    public void answered(Timer.Sample sample, String outcome) {
        outcome(outcome).increment();
        sample.stop(responseTime);
    }
}
