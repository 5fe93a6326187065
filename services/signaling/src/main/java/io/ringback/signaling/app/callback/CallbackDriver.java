package io.ringback.signaling.app.callback;

import io.ringback.signaling.core.callback.CallbackSession;
import io.ringback.signaling.core.callback.Command;
import io.ringback.signaling.core.callback.Event;
import io.ringback.signaling.core.callback.IvrSettings;
import io.ringback.signaling.core.callback.Service;
import io.ringback.signaling.core.callback.ServiceSettings;
import io.ringback.signaling.core.callback.SessionStart;
import io.ringback.signaling.core.callback.Timer;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the callback sessions of this instance: one {@link CallbackSession} per session, its events
 * handled one at a time in arrival order, its commands executed in the order the machine gave them
 * on a second serial lane over the blocking pool (so a gRPC call never runs on a SIP thread and
 * never delays the handling of the next event), its timers on the scheduler. A session stays known
 * for {@link #LINGER} after its end so that late results (an endpoint, a reservation, a 200 after
 * CANCEL) are still closed by the machine.
 */
public final class CallbackDriver {

    /** How long an ended session still takes late results. */
    public static final Duration LINGER = Duration.ofMinutes(2);

    private static final Logger LOG = Logger.getLogger(CallbackDriver.class);

    private final CallbackPorts ports;
    private final Executor eventPool;
    private final Executor blockingPool;
    private final TimerScheduler scheduler;
    private final Clock clock;
    private final Map<UUID, Running> sessions = new ConcurrentHashMap<>();

    public CallbackDriver(CallbackPorts ports, Executor eventPool, Executor blockingPool, TimerScheduler scheduler,
                          Clock clock) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.eventPool = Objects.requireNonNull(eventPool, "eventPool");
        this.blockingPool = Objects.requireNonNull(blockingPool, "blockingPool");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts a claimed job's session and hands it {@link Event.Started}.
     *
     * @throws IllegalStateException when the session already runs here
     */
    public void start(SessionStart start, ServiceSettings service, IvrSettings ivr) {
        CallbackSession machine = new CallbackSession(start, service, ivr, clock, UUID::randomUUID);
        Running running = new Running(start, machine);
        if (sessions.putIfAbsent(start.sessionId(), running) != null) {
            throw new IllegalStateException("session " + start.sessionId() + " already runs on this instance");
        }
        deliver(start.sessionId(), new Event.Started());
    }

    /**
     * Hands an outcome to its session (from any thread).
     *
     * @return false when the session is not (or no longer) known here
     */
    public boolean deliver(UUID sessionId, Event event) {
        Running running = sessions.get(sessionId);
        if (running == null) {
            return false;
        }
        running.events.execute(() -> running.handle(event));
        return true;
    }

    /** The sessions that have not ended yet. */
    public Set<UUID> active() {
        return sessions.entrySet().stream().filter(e -> !e.getValue().ended).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    static Service serviceOf(Command command) {
        if (command instanceof Command.VerifyPin || command instanceof Command.CheckDestination
                || command instanceof Command.GetBalance || command instanceof Command.ReserveFunds
                || command instanceof Command.ReleaseFunds) {
            return Service.ACCOUNTS;
        }
        if (command instanceof Command.Quote || command instanceof Command.FindRoutes) {
            return Service.RATING;
        }
        return Service.MEDIA;
    }

    static boolean isSip(Command command) {
        return command instanceof Command.DialLeg || command instanceof Command.CancelLeg
                || command instanceof Command.HangUpLeg || command instanceof Command.AnswerReInvite
                || command instanceof Command.RejectReInvite;
    }

    /** One session: its machine, its two serial lanes and its timers (touched only on the event lane). */
    private final class Running {

        final SessionStart start;
        final UUID sessionId;
        final CallbackSession machine;
        final SerialExecutor events = new SerialExecutor(eventPool);
        final SerialExecutor commands = new SerialExecutor(blockingPool);
        final Map<Timer, TimerScheduler.Scheduled> timers = new EnumMap<>(Timer.class);
        final Map<Timer, Long> generations = new EnumMap<>(Timer.class);
        volatile boolean ended;

        Running(SessionStart start, CallbackSession machine) {
            this.start = start;
            this.sessionId = start.sessionId();
            this.machine = machine;
        }

        void handle(Event event) {
            for (Command command : machine.handle(event)) {
                if (command instanceof Command.StartTimer start) {
                    startTimer(start.timer(), start.after());
                } else if (command instanceof Command.CancelTimer cancel) {
                    cancelTimer(cancel.timer());
                } else {
                    commands.execute(() -> execute(command));
                }
                if (command instanceof Command.PublishEnd) {
                    ended = true;
                    scheduler.schedule(LINGER, () -> sessions.remove(sessionId, this));
                }
            }
        }

        private void startTimer(Timer timer, Duration after) {
            cancelTimer(timer);
            long generation = generations.merge(timer, 1L, Long::sum);
            timers.put(timer, scheduler.schedule(after, () -> events.execute(() -> {
                // a fire that raced its cancel (or a restart of the same timer) is dropped here
                if (generations.get(timer) == generation && timers.remove(timer) != null) {
                    handle(new Event.TimerFired(timer));
                }
            })));
        }

        private void cancelTimer(Timer timer) {
            TimerScheduler.Scheduled scheduled = timers.remove(timer);
            if (scheduled != null) {
                scheduled.cancel();
            }
        }

        private void execute(Command command) {
            if (command instanceof Command.PublishLeg || command instanceof Command.PublishEnd) {
                ports.legEvents(start, command);
                return;
            }
            Consumer<Event> results = event -> deliver(sessionId, event);
            if (isSip(command)) {
                try {
                    ports.sip(start, command, results);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "session %s: SIP adapter failed on %s", sessionId, command);
                    if (command instanceof Command.DialLeg dial) {
                        // the INVITE never left: a failed route, so the machine fails over or retries
                        results.accept(new Event.Failed(dial.legId(), 503, 41));
                    }
                }
                return;
            }
            Service service = serviceOf(command);
            try {
                switch (service) {
                    case ACCOUNTS -> ports.accounts(start, command, results);
                    case RATING -> ports.rating(start, command, results);
                    case MEDIA -> ports.media(start, command, results);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "session %s: %s adapter failed on %s", sessionId, service, command);
                results.accept(new Event.Unavailable(service, e.getMessage()));
            }
        }
    }
}
