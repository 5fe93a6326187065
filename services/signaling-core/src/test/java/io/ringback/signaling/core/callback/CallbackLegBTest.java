package io.ringback.signaling.core.callback;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ringback.signaling.core.callback.CallFixture.AT_A_LOSS;
import static io.ringback.signaling.core.callback.CallFixture.CHEAP;
import static io.ringback.signaling.core.callback.CallFixture.DESTINATION;
import static io.ringback.signaling.core.callback.CallFixture.ENTERED;
import static io.ringback.signaling.core.callback.CallFixture.SECOND;
import static io.ringback.signaling.core.callback.CallFixture.SESSION;
import static io.ringback.signaling.core.callback.CallFixture.T;
import static io.ringback.signaling.core.callback.CallFixture.USER;
import static io.ringback.signaling.core.callback.CallbackSessionTest.DESTINATION_PROMPT;
import static io.ringback.signaling.core.callback.CallbackSessionTest.end;
import static io.ringback.signaling.core.callback.SessionHarness.leg;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Leg B: failover, callee refusals, all routes failed, the margin guard, re-dial, dead legs, services down. */
class CallbackLegBTest {

    static final Command.Play ROUTE_FAILED = new Command.Play("ep-1", "route_failed", "en", false);
    static final Command.Play GOODBYE = new Command.Play("ep-1", "goodbye", "en", false);

    @Test
    void aFirstRouteAnswering503FailsOverToTheSecondWhichAnswers() {
        CallFixture c = new CallFixture();
        c.toReserved();
        c.routesB(CHEAP, SECOND);
        c.dialB(2);
        c.step(400);
        long at = T + 15_500;
        assertEquals(List.of(new Command.CancelTimer(Timer.RING_B),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.FAILED, at, 2, 5).sip(503, 41)
                                .by(HangupParty.DESTINATION, PlatformReason.UNSPECIFIED).times(T + 15_100, 0, 0, at).cmd(),
                        new Command.DestroyEndpoint("ep-2"),
                        new Command.CreateEndpoint(leg(3))),
                c.handle(new Event.Failed(leg(2), 503, 41)));
        assertEquals(List.of(new Command.DialLeg(leg(3), LegRole.B, "gw-2", USER, DESTINATION, "offer-3")),
                c.handle(new Event.EndpointCreated(leg(3), "ep-3", "offer-3")));
        c.step(100);
        c.handle(new Event.LegDialed(leg(3), "call-3", "99" + DESTINATION));
        List<Command> answered = c.answerB(3);
        assertEquals(Lc.b(3, SECOND, 1, "res-1").state(LegState.ANSWERED, T + 20_600, 3, 8).sip(200, 0)
                .times(T + 15_600, T + 17_600, T + 20_600, 0).cmd(), answered.get(3));
        assertEquals(new Command.Bridge("ep-1", "ep-3"), answered.get(2));
    }

    @Test
    void aRingTimeoutAnd408FailOverToo() {
        CallFixture c = new CallFixture();
        c.toReserved();
        c.routesB(CHEAP, SECOND, CallFixture.CALLBACK);
        c.dialB(2);
        long at = T + 15_100 + 30_000;
        assertEquals(List.of(new Command.CancelLeg(leg(2)),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.FAILED, at, 2, 5).sip(487, 19)
                                .by(HangupParty.PLATFORM, PlatformReason.RING_TIMEOUT).times(T + 15_100, 0, 0, at).cmd(),
                        new Command.DestroyEndpoint("ep-2"),
                        new Command.CreateEndpoint(leg(3))),
                c.step(30_000));
        c.dialB(3);
        assertEquals(new Command.CreateEndpoint(leg(4)), c.handle(new Event.Failed(leg(3), 408, 102)).get(3));
    }

    @Test
    void aCalleeBusyDoesNotFailOverAndEndsTheCallReleasingTheUnusedReservation() {
        CallFixture c = new CallFixture();
        c.toReserved();
        c.routesB(CHEAP, SECOND);
        c.dialB(2);
        c.step(2000);
        long at = T + 17_100;
        assertEquals(List.of(new Command.CancelTimer(Timer.RING_B),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.FAILED, at, 2, 5).sip(486, 17)
                                .by(HangupParty.DESTINATION, PlatformReason.UNSPECIFIED).times(T + 15_100, 0, 0, at).cmd(),
                        new Command.DestroyEndpoint("ep-2"),
                        GOODBYE),
                c.handle(new Event.Failed(leg(2), 486, 17)));
        assertEquals(List.of(new Command.HangUpLeg(leg(1), 16),
                        Lc.a(1, 1).state(LegState.ENDED, at, 4, 6).sip(200, 16)
                                .by(HangupParty.DESTINATION, PlatformReason.UNSPECIFIED)
                                .times(T + 40, T + 1000, T + 5000, at).cmd(),
                        new Command.DestroyEndpoint("ep-1"),
                        new Command.ReleaseFunds("res-1"),
                        end(SessionOutcome.NOT_CONNECTED, HangupParty.DESTINATION, PlatformReason.UNSPECIFIED, at, 7,
                                List.of(1, 2), List.of("res-1"))),
                c.handle(new Event.PlayFinished("ep-1")));
    }

    @Test
    void withRedialACalleeRefusalReleasesTheReservationAndAsksForAnotherDestination() {
        CallFixture c = new CallFixture(CallFixture.service(true, false), CallFixture.ivr(false, "music_on_hold"), "acc-1");
        c.toReserved();
        c.routesB(CHEAP, SECOND);
        c.dialB(2);
        for (int code : new int[] {603, 404}) {
            List<Command> out = c.handle(new Event.Failed(SessionHarness.leg(code == 603 ? 2 : 3), code, 21));
            assertEquals(List.of(new Command.ReleaseFunds(code == 603 ? "res-1" : "res-2"), DESTINATION_PROMPT),
                    out.subList(3, 5));
            if (code == 603) {
                c.enter(ENTERED, CollectEnd.TERMINATOR);
                c.handle(new Event.DestinationChecked(true, null));
                assertEquals(new Command.ReserveFunds(SESSION, "acc-1", SESSION + ":2", CallFixture.AMOUNTS,
                        Duration.ofSeconds(690).plusMinutes(15)), c.handle(CallFixture.ALLOWED).get(0));
                c.handle(new Event.FundsReserved("res-2"));
                c.routesB(CHEAP);
                c.dialB(3);
            }
        }
    }

    @Test
    void allRoutesFailedPlaysItsPromptAndEndsWithNoRoute() {
        CallFixture c = new CallFixture();
        c.toReserved();
        c.routesB(CHEAP, SECOND);
        c.dialB(2);
        c.handle(new Event.Failed(leg(2), 502, 38));
        c.dialB(3);
        List<Command> out = c.handle(new Event.Failed(leg(3), 500, 41));
        assertEquals(List.of(new Command.DestroyEndpoint("ep-3"), ROUTE_FAILED), out.subList(2, 4));
        assertEquals(List.of(GOODBYE), c.handle(new Event.PlayFinished("ep-1")));
        List<Command> ended = c.handle(new Event.PlayFinished("ep-1"));
        assertEquals(List.of(new Command.ReleaseFunds("res-1"),
                end(SessionOutcome.NOT_CONNECTED, HangupParty.PLATFORM, PlatformReason.NO_ROUTE, T + 15_200, 9,
                        List.of(1, 2, 3), List.of("res-1"))), ended.subList(3, 5));
    }

    @Test
    void noRouteAtAllEndsWithNoRoute() {
        CallFixture c = new CallFixture();
        c.toReserved();
        assertEquals(List.of(ROUTE_FAILED), c.routesB());
    }

    @Test
    void theMarginGuardNeverConnectsARouteCostingMoreThanThePrice() {
        CallFixture c = new CallFixture();
        c.toReserved();
        assertEquals(List.of(ROUTE_FAILED), c.routesB(AT_A_LOSS));
        c.handle(new Event.PlayFinished("ep-1"));
        List<Command> ended = c.handle(new Event.PlayFinished("ep-1"));
        assertEquals(end(SessionOutcome.NOT_CONNECTED, HangupParty.PLATFORM, PlatformReason.MARGIN_GUARD, T + 15_000,
                5, List.of(1), List.of("res-1")), ended.get(ended.size() - 1));
    }

    @Test
    void aRouteAtALossIsSkippedAndTheNextKeepsItsIndexInTheLcrList() {
        CallFixture c = new CallFixture();
        c.toReserved();
        assertEquals(List.of(new Command.CreateEndpoint(leg(2))), c.routesB(AT_A_LOSS, SECOND));
        assertEquals(Lc.b(2, SECOND, 1, "res-1").state(LegState.ORIGINATED, T + 15_100, 1, 4)
                .times(T + 15_100, 0, 0, 0).cmd(), c.dialB(2).get(1));
    }

    @Test
    void anAnswerWithoutSdpIsHungUpAsMediaNegotiationAndFailsOver() {
        CallFixture c = new CallFixture();
        c.toReserved();
        c.routesB(CHEAP, SECOND);
        c.dialB(2);
        c.step(1000);
        long at = T + 16_100;
        assertEquals(List.of(new Command.CancelTimer(Timer.RING_B),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ANSWERED, at, 2, 5).sip(200, 0)
                                .times(T + 15_100, 0, at, 0).cmd(),
                        new Command.HangUpLeg(leg(2), 88),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ENDED, at, 3, 6).sip(200, 88)
                                .by(HangupParty.PLATFORM, PlatformReason.MEDIA_NEGOTIATION)
                                .times(T + 15_100, 0, at, at).cmd(),
                        new Command.CreateEndpoint(leg(3))),
                c.handle(new Event.Answered(leg(2), null)));
    }

    @Test
    void theUserHangingUpWhileLegBRingsCancelsItAndReleasesTheReservation() {
        CallFixture c = new CallFixture();
        c.toReserved();
        c.routesB(CHEAP);
        c.dialB(2);
        c.step(1000);
        long at = T + 16_100;
        assertEquals(List.of(
                        Lc.a(1, 1).state(LegState.ENDED, at, 4, 5).sip(200, 16)
                                .by(HangupParty.USER, PlatformReason.UNSPECIFIED).times(T + 40, T + 1000, T + 5000, at).cmd(),
                        new Command.CancelLeg(leg(2)),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.FAILED, at, 2, 6).sip(487, 16)
                                .by(HangupParty.USER, PlatformReason.UNSPECIFIED).times(T + 15_100, 0, 0, at).cmd(),
                        new Command.CancelTimer(Timer.RING_B),
                        new Command.DestroyEndpoint("ep-2"),
                        new Command.DestroyEndpoint("ep-1"),
                        new Command.ReleaseFunds("res-1"),
                        end(SessionOutcome.NOT_CONNECTED, HangupParty.USER, PlatformReason.UNSPECIFIED, at, 7,
                                List.of(1, 2), List.of("res-1"))),
                c.handle(new Event.RemoteHangup(leg(1), 16)));
        // the destination's 200 crossing our CANCEL: its dialog is closed at once
        assertEquals(List.of(new Command.HangUpLeg(leg(2), 16)), c.handle(new Event.Answered(leg(2), "late")));
    }

    @Test
    void theDestinationHangingUpLetsTheUserDialAgainWithANewLegAndANewReservation() {
        CallFixture c = new CallFixture(CallFixture.service(true, false), CallFixture.ivr(false, "music_on_hold"), "acc-1");
        c.toBridge();
        c.step(60_000);
        long at = T + 80_100;
        assertEquals(List.of(
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ENDED, at, 4, 7).sip(200, 16)
                                .by(HangupParty.DESTINATION, PlatformReason.UNSPECIFIED)
                                .times(T + 15_100, T + 17_100, T + 20_100, at).cmd(),
                        new Command.DestroyEndpoint("ep-2"),
                        new Command.CancelTimer(Timer.MAX_DURATION_WARNING),
                        new Command.CancelTimer(Timer.MAX_DURATION),
                        DESTINATION_PROMPT),
                c.handle(new Event.RemoteHangup(leg(2), 16)));
        c.step(5000);
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        // leg A has now run 80.1 s: the new quote counts it
        assertEquals(List.of(new Command.Quote("acc-1", USER, DESTINATION, "STANDARD", null, 80_100 + 90_000)),
                c.handle(new Event.DestinationChecked(true, null)));
        c.handle(CallFixture.ALLOWED);
        c.handle(new Event.FundsReserved("res-2"));
        c.routesB(SECOND);
        c.dialB(3);
        c.answerB(3);
        c.step(1000);
        List<Command> ended = c.handle(new Event.RemoteHangup(leg(1), 16));
        assertEquals(end(SessionOutcome.CONNECTED, HangupParty.USER, PlatformReason.UNSPECIFIED, T + 91_200, 13,
                List.of(1, 2, 3), List.of("res-1", "res-2")), ended.get(ended.size() - 1));
        // both reservations were used by a conversation: the CDR side settles them, nothing is released here
        assertEquals(0, ended.stream().filter(Command.ReleaseFunds.class::isInstance).count());
    }

    @Test
    void aDeadLegBySessionTimerEndsBothLegs() {
        CallFixture c = new CallFixture();
        c.toBridge();
        c.step(1000);
        List<Command> out = c.handle(new Event.SessionTimerExpired(leg(2)));
        long at = T + 21_100;
        assertEquals(List.of(new Command.HangUpLeg(leg(2), 102),
                Lc.b(2, CHEAP, 0, "res-1").state(LegState.ENDED, at, 4, 7).sip(200, 102)
                        .by(HangupParty.PLATFORM, PlatformReason.SESSION_TIMER)
                        .times(T + 15_100, T + 17_100, T + 20_100, at).cmd(),
                new Command.DestroyEndpoint("ep-2"),
                new Command.HangUpLeg(leg(1), 102)), out.subList(0, 4));
        assertEquals(end(SessionOutcome.CONNECTED, HangupParty.PLATFORM, PlatformReason.SESSION_TIMER, at, 9,
                List.of(1, 2), List.of("res-1")), out.get(out.size() - 1));
    }

    @Test
    void aDeadLegByMediaTimeoutEndsBothLegs() {
        CallFixture c = new CallFixture();
        c.toBridge();
        List<Command> out = c.handle(new Event.MediaTimeout("ep-1"));
        assertEquals(new Command.HangUpLeg(leg(2), 41), out.get(0));
        assertEquals(end(SessionOutcome.CONNECTED, HangupParty.PLATFORM, PlatformReason.MEDIA_TIMEOUT, T + 20_100, 9,
                List.of(1, 2), List.of("res-1")), out.get(out.size() - 1));
    }

    @Test
    void mediaUnavailableWhileConnectingEndsCleanlyWithNothingLeftOpen() {
        CallFixture c = new CallFixture();
        c.toReserved();
        c.routesB(CHEAP);
        long at = T + 15_000;
        assertEquals(List.of(new Command.HangUpLeg(leg(1), 41),
                        Lc.a(1, 1).state(LegState.ENDED, at, 4, 4).sip(200, 41)
                                .by(HangupParty.PLATFORM, PlatformReason.SERVICE_UNAVAILABLE)
                                .times(T + 40, T + 1000, T + 5000, at).cmd(),
                        new Command.DestroyEndpoint("ep-1"),
                        new Command.ReleaseFunds("res-1"),
                        end(SessionOutcome.NOT_CONNECTED, HangupParty.PLATFORM, PlatformReason.SERVICE_UNAVAILABLE, at,
                                5, List.of(1), List.of("res-1"))),
                c.handle(new Event.Unavailable(Service.MEDIA, "CreateEndpoint: UNAVAILABLE")));
        // the endpoint media made after all is destroyed when its answer arrives late
        assertEquals(List.of(new Command.DestroyEndpoint("ep-2")),
                c.handle(new Event.EndpointCreated(leg(2), "ep-2", "offer-2")));
    }

    @Test
    void anAnswerMediaRefusesAfterTheBridgeIsHungUpAndFailsOverWithTheSameReservation() {
        CallFixture c = new CallFixture();
        c.toBridge();
        long at = T + 20_100;
        assertEquals(List.of(new Command.CancelTimer(Timer.MAX_DURATION_WARNING),
                        new Command.CancelTimer(Timer.MAX_DURATION),
                        new Command.HangUpLeg(leg(2), 88),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ENDED, at, 4, 7).sip(200, 88)
                                .by(HangupParty.PLATFORM, PlatformReason.MEDIA_NEGOTIATION)
                                .times(T + 15_100, T + 17_100, at, at).cmd(),
                        new Command.CreateEndpoint(leg(3))),
                c.handle(new Event.RemoteDescriptionRejected(leg(2), "no common codec")));
        c.dialB(3);
        c.handle(new Event.Failed(leg(3), 503, 41));
        c.handle(new Event.PlayFinished("ep-1"));
        List<Command> ended = c.handle(new Event.PlayFinished("ep-1"));
        // a leg B hung up for its media never made a conversation: the reservation is released
        assertEquals(List.of(new Command.ReleaseFunds("res-1"),
                end(SessionOutcome.NOT_CONNECTED, HangupParty.PLATFORM, PlatformReason.NO_ROUTE, T + 20_200, 11,
                        List.of(1, 2, 3), List.of("res-1"))), ended.subList(ended.size() - 2, ended.size()));
    }
}
