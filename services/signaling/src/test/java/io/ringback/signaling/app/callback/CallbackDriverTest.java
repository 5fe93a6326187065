package io.ringback.signaling.app.callback;

import io.ringback.signaling.core.callback.Command;
import io.ringback.signaling.core.callback.Event;
import io.ringback.signaling.core.callback.HangupParty;
import io.ringback.signaling.core.callback.IvrSettings;
import io.ringback.signaling.core.callback.LegRole;
import io.ringback.signaling.core.callback.LegState;
import io.ringback.signaling.core.callback.PlatformReason;
import io.ringback.signaling.core.callback.Route;
import io.ringback.signaling.core.callback.Service;
import io.ringback.signaling.core.callback.ServiceSettings;
import io.ringback.signaling.core.callback.SessionOutcome;
import io.ringback.signaling.core.callback.SessionStart;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver: commands reach the right adapter in order, results come back, timers run by the stepped scheduler. */
class CallbackDriverTest {

    static final UUID SESSION = UUID.fromString("5e5510e0-0000-4000-8000-0000000000d1");
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    /** Timers run only when the test steps this scheduler (and its clock). */
    static final class SteppedScheduler implements TimerScheduler {
        record Task(Instant at, long order, Runnable run, boolean[] cancelled) {
        }

        final MutableClock clock;
        final List<Task> tasks = new ArrayList<>();
        long order;

        SteppedScheduler(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public Scheduled schedule(Duration after, Runnable task) {
            boolean[] cancelled = {false};
            tasks.add(new Task(clock.instant().plus(after), order++, task, cancelled));
            return () -> cancelled[0] = true;
        }

        void step(Duration by) {
            Instant until = clock.instant().plus(by);
            while (true) {
                Task next = tasks.stream().filter(t -> !t.at().isAfter(until))
                        .min(Comparator.comparing(Task::at).thenComparing(Task::order)).orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                clock.now = next.at();
                if (!next.cancelled()[0]) {
                    next.run().run();
                }
            }
            clock.now = until;
        }

        long pending() {
            return tasks.stream().filter(t -> !t.cancelled()[0]).count();
        }
    }

    static final class MutableClock extends Clock {
        Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Records what each adapter got; answers rating's leg A routes and media's endpoint at once. */
    static final class RecordingPorts implements CallbackPorts {
        final List<String> calls = new ArrayList<>();
        final List<Command> legEvents = new ArrayList<>();
        boolean mediaDown;

        @Override
        public void sip(SessionStart session, Command command, Consumer<Event> results) {
            assertEquals(SESSION, session.sessionId());
            calls.add("sip " + command.getClass().getSimpleName());
            if (command instanceof Command.DialLeg dial) {
                results.accept(new Event.LegDialed(dial.legId(), "call-a", "+" + dial.calledNumber()));
            }
        }

        @Override
        public void media(SessionStart session, Command command, Consumer<Event> results) {
            assertEquals(SESSION, session.sessionId());
            calls.add("media " + command.getClass().getSimpleName());
            if (mediaDown) {
                throw new IllegalStateException("media: UNAVAILABLE");
            }
            if (command instanceof Command.CreateEndpoint create) {
                results.accept(new Event.EndpointCreated(create.legId(), "ep-a", "offer"));
            }
        }

        @Override
        public void accounts(SessionStart session, Command command, Consumer<Event> results) {
            assertEquals(SESSION, session.sessionId());
            calls.add("accounts " + command.getClass().getSimpleName());
        }

        @Override
        public void rating(SessionStart session, Command command, Consumer<Event> results) {
            assertEquals(SESSION, session.sessionId());
            calls.add("rating " + command.getClass().getSimpleName());
            if (command instanceof Command.FindRoutes routes && routes.role() == LegRole.A) {
                results.accept(new Event.RoutesFound(LegRole.A,
                        List.of(new Route("gw-cb", "cost-cb", new BigDecimal("0.010000")))));
            }
        }

        @Override
        public void legEvents(SessionStart session, Command command) {
            assertEquals(SESSION, session.sessionId());
            calls.add("outbox " + command.getClass().getSimpleName());
            legEvents.add(command);
        }
    }

    final MutableClock clock = new MutableClock();
    final SteppedScheduler scheduler = new SteppedScheduler(clock);
    final RecordingPorts ports = new RecordingPorts();
    final CallbackDriver driver = new CallbackDriver(ports, Runnable::run, Runnable::run, scheduler, clock);

    static SessionStart start() {
        return new SessionStart(SESSION, "4915112345678", "015112345678", "4930555000", "acc-1", "svc-1", "STANDARD",
                null, "en", "sig-1", T0);
    }

    static ServiceSettings service() {
        return new ServiceSettings(2, Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(30), false,
                false);
    }

    static IvrSettings ivr() {
        return new IvrSettings(Map.of(), List.of("en"), Duration.ofSeconds(10), Duration.ofSeconds(5), 2, '#',
                Pattern.compile("[0-9]+"), 6, 16, List.of(), false, false, false, null);
    }

    @Test
    void commandsReachTheirAdaptersInOrderAndTheRingTimeoutRunsByTheScheduler() {
        driver.start(start(), service(), ivr());
        assertEquals(List.of("rating FindRoutes", "media CreateEndpoint", "sip DialLeg", "outbox PublishLeg"),
                ports.calls);
        assertEquals(Set.of(SESSION), driver.active());
        assertEquals(1, scheduler.pending());

        scheduler.step(Duration.ofMillis(29_999));
        assertEquals(4, ports.calls.size());
        scheduler.step(Duration.ofMillis(1));
        assertEquals(List.of("sip CancelLeg", "outbox PublishLeg", "media DestroyEndpoint"), ports.calls.subList(4, 7));
        Command.PublishLeg failed = (Command.PublishLeg) ports.legEvents.get(1);
        assertEquals(LegState.FAILED, failed.change().state());
        assertEquals(PlatformReason.RING_TIMEOUT, failed.change().platformReason());
        assertEquals(T0.plusSeconds(30).toEpochMilli(), failed.change().endedAtMs());

        // the retry interval: the second attempt 60 s later
        scheduler.step(Duration.ofSeconds(60));
        assertEquals(List.of("rating FindRoutes", "media CreateEndpoint", "sip DialLeg", "outbox PublishLeg"),
                ports.calls.subList(7, 11));
        assertTrue(driver.deliver(SESSION, new Event.Failed(((Command.PublishLeg) ports.legEvents.get(2)).change()
                .legId(), 486, 17)));
        Command.PublishEnd end = assertInstanceOf(Command.PublishEnd.class, ports.legEvents.get(4));
        assertEquals(SessionOutcome.CALLBACK_FAILED, end.end().outcome());
        assertEquals(Set.of(), driver.active());
    }

    @Test
    void anAdapterFailureComesBackAsUnavailableAndTheEndedSessionIsForgottenAfterTheLinger() {
        ports.mediaDown = true;
        driver.start(start(), service(), ivr());
        assertEquals(List.of("rating FindRoutes", "media CreateEndpoint", "outbox PublishEnd"), ports.calls);
        Command.PublishEnd end = (Command.PublishEnd) ports.legEvents.get(0);
        assertEquals(HangupParty.PLATFORM, end.end().hangupBy());
        assertEquals(PlatformReason.SERVICE_UNAVAILABLE, end.end().platformReason());

        // a late result within the linger still reaches the machine (which closes what it opened)
        ports.mediaDown = false;
        assertTrue(driver.deliver(SESSION, new Event.EndpointCreated(UUID.randomUUID(), "ep-late", "offer")));
        assertEquals("media DestroyEndpoint", ports.calls.get(3));
        scheduler.step(CallbackDriver.LINGER);
        assertFalse(driver.deliver(SESSION, new Event.Started()));
        assertThrows(IllegalStateException.class, () -> {
            driver.start(start(), service(), ivr());
            driver.start(start(), service(), ivr());
        });
    }

    @Test
    void commandsAreSortedByAdapter() {
        assertEquals(Service.ACCOUNTS, CallbackDriver.serviceOf(new Command.ReleaseFunds("r")));
        assertEquals(Service.RATING, CallbackDriver.serviceOf(new Command.Quote("a", "u", "d", "STANDARD", null, 0)));
        assertEquals(Service.MEDIA, CallbackDriver.serviceOf(new Command.DestroyEndpoint("e")));
        assertTrue(CallbackDriver.isSip(new Command.RejectReInvite(UUID.randomUUID(), 488)));
        assertFalse(CallbackDriver.isSip(new Command.FeedDtmf("e", '1')));
    }
}
