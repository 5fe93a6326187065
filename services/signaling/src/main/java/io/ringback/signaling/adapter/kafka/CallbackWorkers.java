package io.ringback.signaling.adapter.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ringback.signaling.adapter.metrics.JobMetrics;
import io.ringback.signaling.adapter.persistence.JobClaimRepository;
import io.ringback.signaling.config.SignalingConfig;
import io.ringback.signaling.core.job.CallbackRunner;
import io.ringback.signaling.core.job.JobWorker;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This instance's callback worker, when {@code ringback.signaling.jobs.enabled}: its member of the
 * {@code callback.jobs} group, a tick (due jobs, lease renewal) and a sweep of the database on their
 * intervals. Off by default; on, it needs a {@link CallbackRunner} bean (the callback driver) or the
 * start fails. On shutdown it leaves the group and claims no new job.
 */
@Singleton
public class CallbackWorkers {

    private static final Logger LOG = Logger.getLogger(CallbackWorkers.class);

    private final SignalingConfig.Jobs config;
    private final JobClaimRepository claims;
    private final Instance<CallbackRunner> runners;
    private final Clock clock;
    private final JobMetrics metrics;
    private final String bootstrapServers;
    private JobWorker worker;
    private CallbackJobConsumer consumer;
    private ScheduledExecutorService passes;

    public CallbackWorkers(SignalingConfig config, JobClaimRepository claims, Instance<CallbackRunner> runners,
                           Clock clock, JobMetrics metrics, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config.jobs();
        this.claims = claims;
        this.runners = runners;
        this.clock = clock;
        this.metrics = metrics;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            LOG.info("callback workers are off (ringback.signaling.jobs.enabled=false): no job is claimed here");
            return;
        }
        if (!runners.isResolvable()) {
            throw new IllegalStateException("ringback.signaling.jobs.enabled=true needs the callback driver "
                    + "(a CallbackRunner bean), and there is none");
        }
        String instance = config.instanceId().orElseGet(CallbackWorkers::defaultInstanceId);
        worker = new JobWorker(claims, runners.get(), instance, clock, config.lease(), config.sweepGrace(),
                config.sweepLimit(), metrics);
        passes = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "callback-job-passes");
            thread.setDaemon(true);
            return thread;
        });
        passes.scheduleWithFixedDelay(() -> pass(worker::tick, "tick"), config.tick().toMillis(),
                config.tick().toMillis(), TimeUnit.MILLISECONDS);
        passes.scheduleWithFixedDelay(() -> pass(worker::sweep, "sweep"), config.sweepInterval().toMillis(),
                config.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
        consumer = new CallbackJobConsumer(bootstrapServers, config.groupId(), claims, worker);
        consumer.start();
        LOG.infof("callback worker %s started (group %s, lease %s)", instance, config.groupId(), config.lease());
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        if (worker == null) {
            return;
        }
        worker.stop();
        consumer.close();
        passes.shutdownNow();
    }

    private static void pass(Runnable pass, String name) {
        try {
            pass.run();
        } catch (RuntimeException e) {
            // The job rows are the truth: the next pass tries again.
            LOG.warnf("callback job %s failed, retried on the next: %s", name, e.getMessage());
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "signaling";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
