package io.ringback.signaling.app.callback;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task after a delay; the driver's timers go through it so tests can step them. */
public interface TimerScheduler {

    /** A scheduled task that can be cancelled. */
    interface Scheduled {
        void cancel();
    }

    Scheduled schedule(Duration after, Runnable task);

    /** Over a {@link ScheduledExecutorService}. */
    static TimerScheduler of(ScheduledExecutorService executor) {
        return (after, task) -> {
            ScheduledFuture<?> future = executor.schedule(task, after.toMillis(), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }
}
