package io.ringback.signaling.core.callback;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ringback.signaling.core.callback.CallFixture.SESSION;
import static io.ringback.signaling.core.callback.CallFixture.T;
import static io.ringback.signaling.core.callback.CallFixture.USER;
import static io.ringback.signaling.core.callback.CallbackSessionTest.end;
import static io.ringback.signaling.core.callback.SessionHarness.leg;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Leg A: no answer, busy, retries at the service's interval, no route, a job that expired. */
class CallbackLegATest {

    @Test
    void noAnswerIsCancelledAtTheRingTimeoutAndRetriedAtTheServicesInterval() {
        CallFixture c = new CallFixture();
        c.handle(new Event.Started());
        c.dialA(1);
        assertEquals(List.of(), c.step(29_999));
        long at = T + 40 + 30_000;
        assertEquals(List.of(new Command.CancelLeg(leg(1)),
                        Lc.a(1, 1).state(LegState.FAILED, at, 2, 2).sip(487, 19)
                                .by(HangupParty.PLATFORM, PlatformReason.RING_TIMEOUT).times(T + 40, 0, 0, at).cmd(),
                        new Command.DestroyEndpoint("ep-1"),
                        new Command.StartTimer(Timer.RETRY_A, Duration.ofSeconds(60))),
                c.step(1));
        // the 487 that answers our CANCEL is not a second failure
        assertEquals(List.of(), c.handle(new Event.Failed(leg(1), 487, 127)));
        assertEquals(List.of(), c.step(59_999));
        assertEquals(List.of(new Command.FindRoutes(LegRole.A, "acc-1", USER, null, 1)), c.step(1));
        assertEquals(List.of(new Command.StartTimer(Timer.RING_A, Duration.ofSeconds(30)),
                        Lc.a(2, 2).state(LegState.ORIGINATED, at + 60_040, 1, 3).times(at + 60_040, 0, 0, 0).cmd()),
                c.dialA(2));
    }

    @Test
    void aTwoHundredThatCrossesTheCancelIsHungUpWithoutASecondLegEvent() {
        CallFixture c = new CallFixture();
        c.handle(new Event.Started());
        c.dialA(1);
        c.step(30_000);
        assertEquals(List.of(new Command.HangUpLeg(leg(1), 16)), c.handle(new Event.Answered(leg(1), "late")));
        assertEquals(List.of(), c.handle(new Event.RemoteHangup(leg(1), 16)));
    }

    @Test
    void busyOnEveryAttemptEndsTheSessionAsCallbackFailed() {
        CallFixture c = new CallFixture();
        c.handle(new Event.Started());
        long at = T;
        for (int attempt = 1; attempt <= 3; attempt++) {
            c.dialA(attempt);
            at += 40;
            c.step(500);
            at += 500;
            List<Command> busy = c.handle(new Event.Failed(leg(attempt), 486, 17));
            Command.PublishLeg failed = Lc.a(attempt, attempt).state(LegState.FAILED, at, 2, attempt * 2L)
                    .sip(486, 17).by(HangupParty.USER, PlatformReason.UNSPECIFIED).times(at - 500, 0, 0, at).cmd();
            if (attempt < 3) {
                assertEquals(List.of(new Command.CancelTimer(Timer.RING_A), failed,
                        new Command.DestroyEndpoint("ep-" + attempt),
                        new Command.StartTimer(Timer.RETRY_A, Duration.ofSeconds(60))), busy);
                c.step(60_000);
                at += 60_000;
            } else {
                assertEquals(List.of(new Command.CancelTimer(Timer.RING_A), failed, new Command.DestroyEndpoint("ep-3"),
                        new Command.PublishEnd(new SessionEnd(SESSION, List.of(leg(1), leg(2), leg(3)),
                                SessionOutcome.CALLBACK_FAILED, HangupParty.USER, PlatformReason.UNSPECIFIED, "acc-1",
                                null, "svc-1", List.of(), T, at, 7))), busy);
            }
        }
        assertEquals(CallbackSession.Stage.ENDED, c.h.session.stage());
    }

    @Test
    void noCallbackGatewayEndsTheSessionWithoutDialing() {
        CallFixture c = new CallFixture();
        c.handle(new Event.Started());
        c.step(25);
        assertEquals(List.of(end(SessionOutcome.CALLBACK_FAILED, HangupParty.PLATFORM, PlatformReason.NO_ROUTE, T + 25, 1,
                        List.of(), List.of())),
                c.handle(new Event.RoutesFound(LegRole.A, List.of())));
    }

    @Test
    void anExpiredJobEndsWithItsMarkerAndNothingDialed() {
        CallFixture c = new CallFixture();
        assertEquals(List.of(end(SessionOutcome.JOB_EXPIRED, HangupParty.PLATFORM, PlatformReason.JOB_EXPIRED, T, 1,
                List.of(), List.of())), c.handle(new Event.JobExpired()));
        assertEquals(List.of(), c.handle(new Event.Started()));
    }

    @Test
    void earlyMediaOnLegAIsHonouredAndAnAnswerWithoutSdpIsHungUpAsMediaNegotiation() {
        CallFixture c = new CallFixture();
        c.handle(new Event.Started());
        c.dialA(1);
        c.step(960);
        assertEquals(List.of(new Command.SetRemoteDescription(leg(1), "ep-1", "early"),
                        Lc.a(1, 1).state(LegState.RINGING, T + 1000, 2, 2).sip(183, 0)
                                .times(T + 40, T + 1000, 0, 0).cmd()),
                c.handle(new Event.Provisional(leg(1), 183, "early")));
        // a 183 loop: the same early media again changes nothing
        assertEquals(List.of(), c.handle(new Event.Provisional(leg(1), 183, "early")));
        c.step(1000);
        long at = T + 2000;
        assertEquals(List.of(new Command.CancelTimer(Timer.RING_A),
                        Lc.a(1, 1).state(LegState.ANSWERED, at, 3, 3).sip(200, 0).times(T + 40, T + 1000, at, 0).cmd(),
                        new Command.HangUpLeg(leg(1), 88),
                        Lc.a(1, 1).state(LegState.ENDED, at, 4, 4).sip(200, 88)
                                .by(HangupParty.PLATFORM, PlatformReason.MEDIA_NEGOTIATION)
                                .times(T + 40, T + 1000, at, at).cmd(),
                        new Command.DestroyEndpoint("ep-1"),
                        end(SessionOutcome.NOT_CONNECTED, HangupParty.PLATFORM, PlatformReason.MEDIA_NEGOTIATION, at,
                                5, List.of(1), List.of())),
                c.handle(new Event.Answered(leg(1), null)));
    }

    @Test
    void noCommonCodecOnLegAsAnswerEndsTheSessionAsMediaNegotiation() {
        CallFixture c = new CallFixture();
        c.answerA();
        long at = T + 5000;
        assertEquals(List.of(new Command.HangUpLeg(leg(1), 88),
                        Lc.a(1, 1).state(LegState.ENDED, at, 4, 4).sip(200, 88)
                                .by(HangupParty.PLATFORM, PlatformReason.MEDIA_NEGOTIATION)
                                .times(T + 40, T + 1000, at, at).cmd(),
                        new Command.DestroyEndpoint("ep-1"),
                        end(SessionOutcome.NOT_CONNECTED, HangupParty.PLATFORM, PlatformReason.MEDIA_NEGOTIATION, at,
                                5, List.of(1), List.of())),
                c.handle(new Event.RemoteDescriptionRejected(leg(1), "no common codec")));
    }

    @Test
    void aLegRefusedBeforeItsInviteWentOutStillHasItsLegEvents() {
        CallFixture c = new CallFixture();
        c.handle(new Event.Started());
        c.handle(new Event.RoutesFound(LegRole.A, List.of(CallFixture.CALLBACK)));
        c.handle(new Event.EndpointCreated(leg(1), "ep-1", "offer-1"));
        List<Command> out = c.handle(new Event.Failed(leg(1), 503, 34));
        Lc failed = Lc.a(1, 1).state(LegState.FAILED, T, 1, 1).sip(503, 34)
                .by(HangupParty.USER, PlatformReason.UNSPECIFIED).times(T, 0, 0, T);
        failed.sipCallId = null;
        failed.sentNumber = null;
        assertEquals(List.of(failed.cmd(), new Command.DestroyEndpoint("ep-1"),
                new Command.StartTimer(Timer.RETRY_A, Duration.ofSeconds(60))), out);
    }
}
