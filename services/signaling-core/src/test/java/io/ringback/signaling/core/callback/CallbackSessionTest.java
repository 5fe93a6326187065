package io.ringback.signaling.core.callback;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ringback.signaling.core.callback.CallFixture.ALLOWED;
import static io.ringback.signaling.core.callback.CallFixture.AMOUNTS;
import static io.ringback.signaling.core.callback.CallFixture.CHEAP;
import static io.ringback.signaling.core.callback.CallFixture.DESTINATION;
import static io.ringback.signaling.core.callback.CallFixture.DID;
import static io.ringback.signaling.core.callback.CallFixture.ENTERED;
import static io.ringback.signaling.core.callback.CallFixture.MAX_MS;
import static io.ringback.signaling.core.callback.CallFixture.PRICE;
import static io.ringback.signaling.core.callback.CallFixture.SECOND;
import static io.ringback.signaling.core.callback.CallFixture.SESSION;
import static io.ringback.signaling.core.callback.CallFixture.T;
import static io.ringback.signaling.core.callback.CallFixture.USER;
import static io.ringback.signaling.core.callback.SessionHarness.leg;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The success path of a callback session and its leg events, command by command. */
class CallbackSessionTest {

    static final Command.PlayAndCollect DESTINATION_PROMPT = new Command.PlayAndCollect("ep-1", "enter_destination",
            "en", Duration.ofSeconds(10), Duration.ofSeconds(5), 16, '#');

    static Command.PublishEnd end(SessionOutcome outcome, HangupParty party, PlatformReason reason, long at,
                                  long sessionSequence, List<Integer> legs, List<String> reservations) {
        return new Command.PublishEnd(new SessionEnd(SESSION, legs.stream().map(SessionHarness::leg).toList(), outcome,
                party, reason, "acc-1", null, "svc-1", reservations, T, at, sessionSequence));
    }

    @Test
    void successFromLegAToTheBridgeEndsAtTheQuotedMaximumAfterTheWarning() {
        CallFixture c = new CallFixture();
        SessionHarness h = c.h;

        assertEquals(List.of(new Command.FindRoutes(LegRole.A, "acc-1", USER, null, 1)), h.handle(new Event.Started()));
        assertEquals(List.of(new Command.CreateEndpoint(leg(1))),
                h.handle(new Event.RoutesFound(LegRole.A, List.of(CallFixture.CALLBACK))));
        assertEquals(List.of(new Command.DialLeg(leg(1), LegRole.A, "gw-cb", DID, USER, "offer-1")),
                h.handle(new Event.EndpointCreated(leg(1), "ep-1", "offer-1")));
        c.step(40);
        assertEquals(List.of(new Command.StartTimer(Timer.RING_A, Duration.ofSeconds(30)),
                        Lc.a(1, 1).state(LegState.ORIGINATED, T + 40, 1, 1).times(T + 40, 0, 0, 0).cmd()),
                h.handle(new Event.LegDialed(leg(1), "call-1", "+" + USER)));
        c.step(960);
        assertEquals(List.of(), h.handle(new Event.Provisional(leg(1), 100, null)));
        assertEquals(List.of(Lc.a(1, 1).state(LegState.RINGING, T + 1000, 2, 2).sip(180, 0)
                        .times(T + 40, T + 1000, 0, 0).cmd()),
                h.handle(new Event.Provisional(leg(1), 180, null)));
        c.step(4000);
        assertEquals(List.of(new Command.CancelTimer(Timer.RING_A),
                        new Command.SetRemoteDescription(leg(1), "ep-1", "answer-1"),
                        Lc.a(1, 1).state(LegState.ANSWERED, T + 5000, 3, 3).sip(200, 0)
                                .times(T + 40, T + 1000, T + 5000, 0).cmd(),
                        new Command.Play("ep-1", "welcome", "en", false)),
                h.handle(new Event.Answered(leg(1), "answer-1")));
        // the ring timeout was cancelled: stepping past it fires nothing
        assertEquals(List.of(), c.step(3000));
        assertEquals(List.of(DESTINATION_PROMPT), h.handle(new Event.PlayFinished("ep-1")));
        assertEquals(List.of(new Command.FeedDtmf("ep-1", '0')), h.handle(new Event.InfoDigit(leg(1), '0')));
        c.step(7000);
        assertEquals(List.of(new Command.CheckDestination("acc-1", DESTINATION)),
                c.enter(ENTERED, CollectEnd.TERMINATOR));
        // leg A has run 10 s; the quote adds three ring timeouts for leg B's setup and failover
        assertEquals(List.of(new Command.Quote("acc-1", USER, DESTINATION, "STANDARD", null, 10_000 + 90_000)),
                h.handle(new Event.DestinationChecked(true, null)));
        assertEquals(List.of(new Command.ReserveFunds(SESSION, "acc-1", SESSION + ":1", AMOUNTS,
                        Duration.ofSeconds(600 + 90).plusMinutes(15))),
                h.handle(ALLOWED));
        assertEquals(List.of(new Command.Play("ep-1", "connecting", "en", false),
                        new Command.FindRoutes(LegRole.B, "acc-1", DESTINATION, PRICE, 3)),
                h.handle(new Event.FundsReserved("res-1")));
        assertEquals(List.of(new Command.CreateEndpoint(leg(2))), c.routesB(CHEAP, SECOND));
        assertEquals(List.of(new Command.Play("ep-1", "music_on_hold", "en", true)),
                h.handle(new Event.PlayFinished("ep-1")));
        assertEquals(List.of(new Command.DialLeg(leg(2), LegRole.B, "gw-1", USER, DESTINATION, "offer-2")),
                h.handle(new Event.EndpointCreated(leg(2), "ep-2", "offer-2")));
        c.step(100);
        assertEquals(List.of(new Command.StartTimer(Timer.RING_B, Duration.ofSeconds(30)),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ORIGINATED, T + 15_100, 1, 4)
                                .times(T + 15_100, 0, 0, 0).cmd()),
                h.handle(new Event.LegDialed(leg(2), "call-2", "99" + DESTINATION)));
        c.step(2000);
        assertEquals(List.of(Lc.b(2, CHEAP, 0, "res-1").state(LegState.RINGING, T + 17_100, 2, 5).sip(180, 0)
                        .times(T + 15_100, T + 17_100, 0, 0).cmd()),
                h.handle(new Event.Provisional(leg(2), 180, null)));
        c.step(3000);
        assertEquals(List.of(new Command.CancelTimer(Timer.RING_B),
                        new Command.SetRemoteDescription(leg(2), "ep-2", "answer-2"),
                        new Command.Bridge("ep-1", "ep-2"),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ANSWERED, T + 20_100, 3, 6).sip(200, 0)
                                .times(T + 15_100, T + 17_100, T + 20_100, 0).cmd(),
                        new Command.StartTimer(Timer.MAX_DURATION_WARNING, Duration.ofSeconds(570)),
                        new Command.StartTimer(Timer.MAX_DURATION, Duration.ofSeconds(600))),
                h.handle(new Event.Answered(leg(2), "answer-2")));
        assertEquals(CallbackSession.Stage.BRIDGED, h.session.stage());

        assertEquals(List.of(), c.step(569_999));
        assertEquals(List.of(new Command.Play("ep-1", "warning_tone", "en", false)), c.step(1));
        assertEquals(List.of(), c.step(29_999));
        long end = T + 20_100 + MAX_MS;
        assertEquals(List.of(new Command.HangUpLeg(leg(2), 16),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ENDED, end, 4, 7).sip(200, 16)
                                .by(HangupParty.PLATFORM, PlatformReason.MAX_DURATION)
                                .times(T + 15_100, T + 17_100, T + 20_100, end).cmd(),
                        new Command.DestroyEndpoint("ep-2"),
                        new Command.HangUpLeg(leg(1), 16),
                        Lc.a(1, 1).state(LegState.ENDED, end, 4, 8).sip(200, 16)
                                .by(HangupParty.PLATFORM, PlatformReason.MAX_DURATION)
                                .times(T + 40, T + 1000, T + 5000, end).cmd(),
                        new Command.DestroyEndpoint("ep-1"),
                        end(SessionOutcome.CONNECTED, HangupParty.PLATFORM, PlatformReason.MAX_DURATION, end, 9,
                                List.of(1, 2), List.of("res-1"))),
                c.step(1));
        assertEquals(CallbackSession.Stage.ENDED, h.session.stage());
        // a late BYE after the end changes nothing
        assertEquals(List.of(), h.handle(new Event.RemoteHangup(leg(1), 16)));
    }

    @Test
    void theUserHangingUpDuringTheBridgeHangsUpTheDestination() {
        CallFixture c = new CallFixture();
        c.toBridge();
        c.step(60_000);
        long at = T + 80_100;
        assertEquals(List.of(
                        Lc.a(1, 1).state(LegState.ENDED, at, 4, 7).sip(200, 16).by(HangupParty.USER,
                                PlatformReason.UNSPECIFIED).times(T + 40, T + 1000, T + 5000, at).cmd(),
                        new Command.HangUpLeg(leg(2), 16),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ENDED, at, 4, 8).sip(200, 16)
                                .by(HangupParty.USER, PlatformReason.UNSPECIFIED)
                                .times(T + 15_100, T + 17_100, T + 20_100, at).cmd(),
                        new Command.DestroyEndpoint("ep-2"),
                        new Command.CancelTimer(Timer.MAX_DURATION_WARNING),
                        new Command.CancelTimer(Timer.MAX_DURATION),
                        new Command.DestroyEndpoint("ep-1"),
                        end(SessionOutcome.CONNECTED, HangupParty.USER, PlatformReason.UNSPECIFIED, at, 9,
                                List.of(1, 2), List.of("res-1"))),
                c.handle(new Event.RemoteHangup(leg(1), 16)));
        assertEquals(List.of(), c.step(MAX_MS));
    }

    @Test
    void theDestinationHangingUpEndsTheCallWhenTheServiceAllowsNoRedial() {
        CallFixture c = new CallFixture();
        c.toBridge();
        c.step(1000);
        long at = T + 21_100;
        assertEquals(List.of(
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ENDED, at, 4, 7).sip(200, 16)
                                .by(HangupParty.DESTINATION, PlatformReason.UNSPECIFIED)
                                .times(T + 15_100, T + 17_100, T + 20_100, at).cmd(),
                        new Command.DestroyEndpoint("ep-2"),
                        new Command.CancelTimer(Timer.MAX_DURATION_WARNING),
                        new Command.CancelTimer(Timer.MAX_DURATION),
                        new Command.HangUpLeg(leg(1), 16),
                        Lc.a(1, 1).state(LegState.ENDED, at, 4, 8).sip(200, 16).by(HangupParty.DESTINATION,
                                PlatformReason.UNSPECIFIED).times(T + 40, T + 1000, T + 5000, at).cmd(),
                        new Command.DestroyEndpoint("ep-1"),
                        end(SessionOutcome.CONNECTED, HangupParty.DESTINATION, PlatformReason.UNSPECIFIED, at, 9,
                                List.of(1, 2), List.of("res-1"))),
                c.handle(new Event.RemoteHangup(leg(2), 16)));
    }

    @Test
    void aConfirmedDestinationIsReadBackAndTwoReEntersIt() {
        CallFixture c = new CallFixture(CallFixture.service(false, false), CallFixture.ivr(true, null), "acc-1");
        c.toDestinationPrompt();
        assertEquals(List.of(new Command.SayDigits("ep-1", ENTERED, "en")), c.enter(ENTERED, CollectEnd.TERMINATOR));
        Command.PlayAndCollect confirm = new Command.PlayAndCollect("ep-1", "confirm", "en", Duration.ofSeconds(10),
                Duration.ofSeconds(5), 1, '#');
        assertEquals(List.of(confirm), c.handle(new Event.PlayFinished("ep-1")));
        assertEquals(List.of(DESTINATION_PROMPT), c.enter("2", CollectEnd.MAX_DIGITS));
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        c.handle(new Event.PlayFinished("ep-1"));
        // a key that is neither 1 nor 2 asks again (a retry)
        assertEquals(List.of(confirm), c.enter("*", CollectEnd.MAX_DIGITS));
        assertEquals(List.of(new Command.CheckDestination("acc-1", DESTINATION)), c.enter("1", CollectEnd.MAX_DIGITS));
    }

    @Test
    void withoutMusicOnHoldTheDestinationsEarlyMediaIsBridgedAndNotBridgedAgainOnAnswer() {
        CallFixture c = new CallFixture(CallFixture.service(false, false), CallFixture.ivr(false, null), "acc-1");
        c.toReserved();
        c.routesB(CHEAP);
        // no music on hold: after "connecting" nothing is played, leg A hears leg B's early media
        assertEquals(List.of(), c.handle(new Event.PlayFinished("ep-1")));
        c.dialB(2);
        c.step(2000);
        assertEquals(List.of(new Command.SetRemoteDescription(leg(2), "ep-2", "early-2"),
                        new Command.Bridge("ep-1", "ep-2"),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.RINGING, T + 17_100, 2, 5).sip(183, 0)
                                .times(T + 15_100, T + 17_100, 0, 0).cmd()),
                c.handle(new Event.Provisional(leg(2), 183, "early-2")));
        c.step(3000);
        assertEquals(List.of(new Command.CancelTimer(Timer.RING_B),
                        new Command.SetRemoteDescription(leg(2), "ep-2", "answer-2"),
                        Lc.b(2, CHEAP, 0, "res-1").state(LegState.ANSWERED, T + 20_100, 3, 6).sip(200, 0)
                                .times(T + 15_100, T + 17_100, T + 20_100, 0).cmd(),
                        new Command.StartTimer(Timer.MAX_DURATION_WARNING, Duration.ofSeconds(570)),
                        new Command.StartTimer(Timer.MAX_DURATION, Duration.ofSeconds(600))),
                c.handle(new Event.Answered(leg(2), "answer-2")));
    }

    @Test
    void reInvitesAreAnsweredWithMediasSdpOrRefusedWith488() {
        CallFixture c = new CallFixture();
        c.toBridge();
        assertEquals(List.of(new Command.Renegotiate(leg(2), "ep-2", "hold")),
                c.handle(new Event.ReInvite(leg(2), "hold")));
        assertEquals(List.of(new Command.AnswerReInvite(leg(2), "held")),
                c.handle(new Event.ReInviteAnswer(leg(2), "held")));
        assertEquals(List.of(new Command.Renegotiate(leg(1), "ep-1", "g729 only")),
                c.handle(new Event.ReInvite(leg(1), "g729 only")));
        assertEquals(List.of(new Command.RejectReInvite(leg(1), 488)),
                c.handle(new Event.RemoteDescriptionRejected(leg(1), "no common codec")));
        assertEquals(CallbackSession.Stage.BRIDGED, c.h.session.stage());
    }
}
