package io.ringback.signaling.core.callback;

import io.ringback.signaling.core.StepClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drives a {@link CallbackSession} as the app's driver does: keeps the timers it starts and, when
 * the test steps the clock, fires those that are due, in order. Leg ids are 00000000-...-1, -2...
 */
final class SessionHarness {

    final StepClock clock;
    final CallbackSession session;
    private final Map<Timer, Instant> timers = new EnumMap<>(Timer.class);
    private int nextLeg;

    SessionHarness(SessionStart start, ServiceSettings service, IvrSettings ivr) {
        clock = new StepClock(start.startedAt());
        session = new CallbackSession(start, service, ivr, clock, () -> new UUID(0, ++nextLeg));
    }

    static UUID leg(int n) {
        return new UUID(0, n);
    }

    /** Hands the event to the session and books the timers its commands start or cancel. */
    List<Command> handle(Event event) {
        List<Command> commands = session.handle(event);
        for (Command command : commands) {
            if (command instanceof Command.StartTimer start) {
                timers.put(start.timer(), clock.instant().plus(start.after()));
            } else if (command instanceof Command.CancelTimer cancel) {
                timers.remove(cancel.timer());
            }
        }
        return commands;
    }

    /** Steps the clock by {@code by} and fires every timer due by then; answers all their commands. */
    List<Command> step(Duration by) {
        Instant until = clock.instant().plus(by);
        List<Command> out = new ArrayList<>();
        while (true) {
            Map.Entry<Timer, Instant> due = timers.entrySet().stream()
                    .filter(e -> !e.getValue().isAfter(until))
                    .min(Map.Entry.comparingByValue()).orElse(null);
            if (due == null) {
                break;
            }
            Timer timer = due.getKey();
            Instant at = due.getValue();
            timers.remove(timer);
            clock.step(Duration.between(clock.instant(), at));
            out.addAll(handle(new Event.TimerFired(timer)));
        }
        clock.step(Duration.between(clock.instant(), until));
        return out;
    }

    boolean timerRunning(Timer timer) {
        return timers.containsKey(timer);
    }
}
