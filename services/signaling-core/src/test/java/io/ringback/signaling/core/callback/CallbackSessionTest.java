package io.ringback.signaling.core.callback;

import io.ringback.signaling.core.destination.TransformationRule;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.ringback.signaling.core.callback.SessionHarness.leg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackSessionTest {

    static final UUID SESSION = UUID.fromString("5e5510e0-0000-4000-8000-000000000001");
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final long T0_MS = T0.toEpochMilli();
    static final SessionStart START = new SessionStart(SESSION, "4915112345678", "015112345678", "4930555000",
            "acc-1", "svc-1", "STANDARD", null, "en", "sig-1", T0);
    static final ServiceSettings SERVICE = new ServiceSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofSeconds(30), true, false);
    static final IvrSettings IVR = new IvrSettings(
            Map.of(Prompt.WELCOME, "welcome", Prompt.ENTER_DESTINATION, "enter-destination"), List.of("en"),
            Duration.ofSeconds(10), Duration.ofSeconds(5), 2, '#', Pattern.compile("[1-9][0-9]+"), 6, 15,
            List.of(TransformationRule.of("00([0-9]+)", "$1")), false, false, false, null);
    static final Route CALLBACK_ROUTE = new Route("gw-cb", "cost-cb", new BigDecimal("0.010000"));

    @Test
    void legAIsRoutedDialedRingsAndIsAnsweredWithTheWelcome() {
        SessionHarness h = new SessionHarness(START, SERVICE, IVR);

        assertEquals(List.of(new Command.FindRoutes(LegRole.A, "acc-1", "4915112345678")),
                h.handle(new Event.Started()));
        assertEquals(List.of(new Command.CreateEndpoint(leg(1))),
                h.handle(new Event.RoutesFound(LegRole.A, List.of(CALLBACK_ROUTE))));
        assertEquals(List.of(new Command.DialLeg(leg(1), LegRole.A, "gw-cb", "4930555000", "4915112345678",
                        "v=0 offer")),
                h.handle(new Event.EndpointCreated(leg(1), "ep-a", "v=0 offer")));

        h.step(Duration.ofMillis(40));
        assertEquals(List.of(new Command.StartTimer(Timer.RING_A, Duration.ofSeconds(30)),
                        new Command.PublishLeg(legA(LegState.ORIGINATED, 0, 0, 0, 1, 1))),
                h.handle(new Event.LegDialed(leg(1), "call-a@ringback", "+4915112345678")));
        assertTrue(h.timerRunning(Timer.RING_A));

        h.step(Duration.ofMillis(960));
        assertEquals(List.of(), h.handle(new Event.Provisional(leg(1), 100, null)));
        assertEquals(List.of(new Command.PublishLeg(legA(LegState.RINGING, 180, T0_MS + 1000, 0, 2, 2))),
                h.handle(new Event.Provisional(leg(1), 180, null)));

        h.step(Duration.ofSeconds(4));
        assertEquals(List.of(new Command.CancelTimer(Timer.RING_A),
                        new Command.SetRemoteDescription(leg(1), "ep-a", "v=0 answer"),
                        new Command.PublishLeg(legA(LegState.ANSWERED, 200, T0_MS + 1000, T0_MS + 5000, 3, 3)),
                        new Command.Play("ep-a", "welcome", "en", false)),
                h.handle(new Event.Answered(leg(1), "v=0 answer")));
        assertEquals(CallbackSession.Stage.IVR, h.session.stage());
        // the ring timeout was cancelled: stepping past it changes nothing
        assertEquals(List.of(), h.step(Duration.ofSeconds(60)));
    }

    @Test
    void noCallbackRouteEndsTheSessionAsCallbackFailedWithoutDialing() {
        SessionHarness h = new SessionHarness(START, SERVICE, IVR);
        h.handle(new Event.Started());
        h.step(Duration.ofMillis(25));

        assertEquals(List.of(new Command.PublishEnd(new SessionEnd(SESSION, List.of(), SessionOutcome.CALLBACK_FAILED,
                        HangupParty.PLATFORM, PlatformReason.NO_ROUTE, "acc-1", null, "svc-1", List.of(), T0_MS,
                        T0_MS + 25, 1))),
                h.handle(new Event.RoutesFound(LegRole.A, List.of())));
        assertEquals(CallbackSession.Stage.ENDED, h.session.stage());
        assertEquals(List.of(), h.handle(new Event.Started()));
    }

    private static LegChange legA(LegState state, int sipCode, long ringingAt, long answeredAt, long seq,
                                  long sessionSeq) {
        long occurred = switch (state) {
            case ORIGINATED -> T0_MS + 40;
            case RINGING -> ringingAt;
            default -> answeredAt;
        };
        return new LegChange(SESSION, leg(1), LegRole.A, state, "4930555000", "4915112345678", "015112345678",
                "+4915112345678", "4930555000", "acc-1", null, "svc-1", "STANDARD", null, "gw-cb", "cost-cb",
                sipCode, 0, HangupParty.UNSPECIFIED, PlatformReason.UNSPECIFIED, 1, 0, null, "call-a@ringback",
                null, 0, occurred, T0_MS + 40, ringingAt, answeredAt, 0, 0, seq, sessionSeq, "sig-1");
    }
}
