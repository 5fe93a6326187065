package io.ringback.signaling.core.callback;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ringback.signaling.core.callback.CallFixture.DESTINATION;
import static io.ringback.signaling.core.callback.CallFixture.ENTERED;
import static io.ringback.signaling.core.callback.CallFixture.SESSION;
import static io.ringback.signaling.core.callback.CallFixture.T;
import static io.ringback.signaling.core.callback.CallbackSessionTest.DESTINATION_PROMPT;
import static io.ringback.signaling.core.callback.CallbackSessionTest.end;
import static io.ringback.signaling.core.callback.SessionHarness.leg;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The IVR: timeouts and retries, invalid entries, number limits, funds, PIN login, the user hanging up. */
class CallbackIvrTest {

    static final Command.Play INVALID = new Command.Play("ep-1", "invalid_destination", "en", false);
    static final Command.Play GOODBYE = new Command.Play("ep-1", "goodbye", "en", false);

    /** Leg A hung up by the platform at {@code at} with {@code reason}; the session's end at sequence 6. */
    static List<Command> platformHangsUpLegA(PlatformReason reason, int q850, long at, List<String> released) {
        List<Command> expected = new java.util.ArrayList<>();
        expected.add(new Command.HangUpLeg(leg(1), q850));
        expected.add(Lc.a(1, 1).state(LegState.ENDED, at, 4, 4).sip(200, q850).by(HangupParty.PLATFORM, reason)
                .times(T + 40, T + 1000, T + 5000, at).cmd());
        expected.add(new Command.DestroyEndpoint("ep-1"));
        released.forEach(r -> expected.add(new Command.ReleaseFunds(r)));
        expected.add(end(SessionOutcome.NOT_CONNECTED, HangupParty.PLATFORM, reason, at, 5, List.of(1), released));
        return expected;
    }

    @Test
    void noInputRePromptsUpToTheRetriesThenSaysGoodbyeAndHangsUp() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        c.step(10_000);
        assertEquals(List.of(DESTINATION_PROMPT), c.enter("", CollectEnd.TIMEOUT));
        c.step(10_000);
        assertEquals(List.of(DESTINATION_PROMPT), c.enter("", CollectEnd.TIMEOUT));
        c.step(10_000);
        assertEquals(List.of(GOODBYE), c.enter("", CollectEnd.TIMEOUT));
        c.step(2000);
        assertEquals(platformHangsUpLegA(PlatformReason.NO_INPUT, 16, T + 40_000, List.of()),
                c.handle(new Event.PlayFinished("ep-1")));
    }

    @Test
    void anInvalidDestinationRePromptsAndCountsAsARetry() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        // too short, then not matching the format after the transformation, then a timeout: three strikes
        assertEquals(List.of(INVALID), c.enter("12345", CollectEnd.TERMINATOR));
        assertEquals(List.of(DESTINATION_PROMPT), c.handle(new Event.PlayFinished("ep-1")));
        assertEquals(List.of(INVALID), c.enter("0012345", CollectEnd.TERMINATOR));
        c.handle(new Event.PlayFinished("ep-1"));
        assertEquals(List.of(INVALID), c.enter("0912345678", CollectEnd.TERMINATOR).subList(0, 1));
        assertEquals(List.of(GOODBYE), c.handle(new Event.PlayFinished("ep-1")));
        assertEquals(platformHangsUpLegA(PlatformReason.INVALID_DESTINATION, 16, T + 8000, List.of()),
                c.handle(new Event.PlayFinished("ep-1")));
    }

    @Test
    void starAndHashInOddPlacesAreInvalidEntriesNotDigits() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        assertEquals(List.of(INVALID), c.enter("4930*123456", CollectEnd.TERMINATOR));
        c.handle(new Event.PlayFinished("ep-1"));
        // '#' first: an empty entry ended by the terminator is an invalid entry, not silence
        assertEquals(List.of(INVALID), c.enter("", CollectEnd.TERMINATOR));
        c.handle(new Event.PlayFinished("ep-1"));
        assertEquals(List.of(new Command.CheckDestination("acc-1", DESTINATION)),
                c.enter(ENTERED, CollectEnd.MAX_DIGITS));
    }

    @Test
    void aNumberLimitRefusalIsAnInvalidDestination() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        assertEquals(List.of(INVALID), c.handle(new Event.DestinationChecked(false, "number section 4930 barred")));
        assertEquals(List.of(DESTINATION_PROMPT), c.handle(new Event.PlayFinished("ep-1")));
    }

    @Test
    void aDestinationWithoutRateIsAnInvalidDestination() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        c.handle(new Event.DestinationChecked(true, null));
        assertEquals(List.of(INVALID),
                c.handle(new Event.Quoted(QuoteOutcome.NO_RATE, null, 0, List.of())));
    }

    @Test
    void insufficientBalancePlaysItsPromptSaysGoodbyeAndEndsWithoutReserving() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        c.step(7000);
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        c.handle(new Event.DestinationChecked(true, null));
        assertEquals(List.of(new Command.Play("ep-1", "insufficient_balance", "en", false)),
                c.handle(new Event.Quoted(QuoteOutcome.INSUFFICIENT_FUNDS, null, 0, List.of())));
        assertEquals(List.of(GOODBYE), c.handle(new Event.PlayFinished("ep-1")));
        c.step(1000);
        assertEquals(platformHangsUpLegA(PlatformReason.NO_FUNDS, 16, T + 16_000, List.of()),
                c.handle(new Event.PlayFinished("ep-1")));
    }

    @Test
    void aReservationRefusedBecauseAnotherCallSpentTheMoneyIsInsufficientBalance() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        c.handle(new Event.DestinationChecked(true, null));
        c.handle(CallFixture.ALLOWED);
        assertEquals(List.of(new Command.Play("ep-1", "insufficient_balance", "en", false)),
                c.handle(new Event.FundsRefused()));
    }

    @Test
    void theUserHangingUpDuringTheIvrEndsTheSessionWithNothingOpen() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        c.step(3000);
        long at = T + 11_000;
        assertEquals(List.of(Lc.a(1, 1).state(LegState.ENDED, at, 4, 4).sip(200, 16)
                                .by(HangupParty.USER, PlatformReason.UNSPECIFIED).times(T + 40, T + 1000, T + 5000, at)
                                .cmd(),
                        new Command.DestroyEndpoint("ep-1"),
                        end(SessionOutcome.NOT_CONNECTED, HangupParty.USER, PlatformReason.UNSPECIFIED, at, 5,
                                List.of(1), List.of())),
                c.handle(new Event.RemoteHangup(leg(1), 16)));
        // the collect that was running ends after the hang-up: ignored
        assertEquals(List.of(), c.enter(ENTERED, CollectEnd.TERMINATOR));
    }

    @Test
    void theUserHangingUpWhileTheReservationIsOnItsWayReleasesItWhenItArrives() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        c.handle(new Event.DestinationChecked(true, null));
        c.handle(CallFixture.ALLOWED);
        c.handle(new Event.RemoteHangup(leg(1), 16));
        assertEquals(List.of(new Command.ReleaseFunds("res-late")), c.handle(new Event.FundsReserved("res-late")));
    }

    @Test
    void pinLoginIdentifiesTheCardsAccountForTheRestOfTheSession() {
        CallFixture c = new CallFixture(CallFixture.service(false, true), CallFixture.ivr(false, "music_on_hold"), null);
        c.answerA();
        Command.PlayAndCollect card = new Command.PlayAndCollect("ep-1", "enter_card", "en", Duration.ofSeconds(10),
                Duration.ofSeconds(5), 20, '#');
        assertEquals(List.of(card), c.handle(new Event.PlayFinished("ep-1")));
        assertEquals(List.of(new Command.PlayAndCollect("ep-1", "enter_pin", "en", Duration.ofSeconds(10),
                Duration.ofSeconds(5), 20, '#')), c.enter("123456789012", CollectEnd.TERMINATOR));
        assertEquals(List.of(new Command.VerifyPin("123456789012", "4321")), c.enter("4321", CollectEnd.TERMINATOR));
        assertEquals(List.of(new Command.Play("ep-1", "pin_invalid", "en", false)),
                c.handle(new Event.PinRejected(false)));
        assertEquals(List.of(card), c.handle(new Event.PlayFinished("ep-1")));
        c.enter("123456789012", CollectEnd.TERMINATOR);
        c.enter("1234", CollectEnd.TERMINATOR);
        assertEquals(List.of(DESTINATION_PROMPT), c.handle(new Event.PinVerified("acc-card", "card-7")));
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        c.handle(new Event.DestinationChecked(true, null));
        c.handle(CallFixture.ALLOWED);
        c.handle(new Event.FundsReserved("res-1"));
        c.routesB(CallFixture.CHEAP);
        c.handle(new Event.EndpointCreated(leg(2), "ep-2", "offer-2"));
        List<Command> dialed = c.handle(new Event.LegDialed(leg(2), "call-2", "99" + DESTINATION));
        Command.PublishLeg originated = (Command.PublishLeg) dialed.get(1);
        assertEquals("acc-card", originated.change().accountId());
        assertEquals("card-7", originated.change().phoneCardId());
    }

    @Test
    void aLockedCardPlaysItsPromptAndEndsWithPinFailure() {
        CallFixture c = new CallFixture(CallFixture.service(false, true), CallFixture.ivr(false, "music_on_hold"), null);
        c.answerA();
        c.handle(new Event.PlayFinished("ep-1"));
        c.enter("123456789012", CollectEnd.TERMINATOR);
        c.enter("0000", CollectEnd.TERMINATOR);
        assertEquals(List.of(new Command.Play("ep-1", "pin_locked", "en", false)), c.handle(new Event.PinRejected(true)));
        assertEquals(List.of(GOODBYE), c.handle(new Event.PlayFinished("ep-1")));
        List<Command> out = c.handle(new Event.PlayFinished("ep-1"));
        long at = T + 5000;
        Lc ended = Lc.a(1, 1).state(LegState.ENDED, at, 4, 4).sip(200, 16)
                .by(HangupParty.PLATFORM, PlatformReason.PIN_FAILURE).times(T + 40, T + 1000, T + 5000, at)
                .account(null, null);
        assertEquals(List.of(new Command.HangUpLeg(leg(1), 16), ended.cmd(), new Command.DestroyEndpoint("ep-1"),
                new Command.PublishEnd(new SessionEnd(SESSION, List.of(leg(1)), SessionOutcome.NOT_CONNECTED,
                        HangupParty.PLATFORM, PlatformReason.PIN_FAILURE, null, null, "svc-1", List.of(), T, at, 5))),
                out);
    }

    @Test
    void aServiceUnavailableDuringTheQuoteEndsWithItsPromptAndNothingReserved() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        c.handle(new Event.DestinationChecked(true, null));
        assertEquals(List.of(new Command.Play("ep-1", "service_unavailable", "en", false)),
                c.handle(new Event.Unavailable(Service.RATING, "rating: UNAVAILABLE")));
        c.handle(new Event.PlayFinished("ep-1"));
        assertEquals(platformHangsUpLegA(PlatformReason.SERVICE_UNAVAILABLE, 41, T + 8000, List.of()),
                c.handle(new Event.PlayFinished("ep-1")));
    }

    @Test
    void anOperatorHangUpEndsTheSessionFromAnyStage() {
        CallFixture c = new CallFixture();
        c.toDestinationPrompt();
        assertEquals(platformHangsUpLegA(PlatformReason.OPERATOR, 16, T + 8000, List.of()),
                c.handle(new Event.HangUpRequested(PlatformReason.OPERATOR)));
    }

    @Test
    void theBalanceIsSaidAfterTheWelcomeAndTheMinutesBeforeConnecting() {
        IvrSettings base = CallFixture.ivr(false, "music_on_hold");
        IvrSettings announcing = new IvrSettings(base.prompts(), base.languages(), base.firstDigitTimeout(),
                base.interDigitTimeout(), base.retries(), base.terminator(), base.format(), base.minLength(),
                base.maxLength(), base.rules(), false, true, true, base.musicOnHold());
        CallFixture c = new CallFixture(CallFixture.service(false, false), announcing, "acc-1");
        c.answerA();
        assertEquals(List.of(new Command.GetBalance("acc-1")), c.handle(new Event.PlayFinished("ep-1")));
        assertEquals(List.of(new Command.SayAmount("ep-1", new java.math.BigDecimal("12.340000"), "EUR", "en")),
                c.handle(new Event.Balance(new java.math.BigDecimal("12.340000"), "EUR")));
        assertEquals(List.of(DESTINATION_PROMPT), c.handle(new Event.PlayFinished("ep-1")));
        c.enter(ENTERED, CollectEnd.TERMINATOR);
        c.handle(new Event.DestinationChecked(true, null));
        c.handle(CallFixture.ALLOWED);
        // the quoted maximum of 600 s is said as 10 minutes, then "connecting"
        assertEquals(List.of(new Command.SayMinutes("ep-1", 10, "en")), c.handle(new Event.FundsReserved("res-1")));
        assertEquals(List.of(new Command.Play("ep-1", "connecting", "en", false),
                        new Command.FindRoutes(LegRole.B, "acc-1", DESTINATION, CallFixture.PRICE, 3)),
                c.handle(new Event.PlayFinished("ep-1")));
    }

    @Test
    void ratingUnavailableBeforeLegAIsAnsweredEndsTheSessionWithNothingDialed() {
        CallFixture c = new CallFixture();
        c.handle(new Event.Started());
        assertEquals(List.of(end(SessionOutcome.CALLBACK_FAILED, HangupParty.PLATFORM,
                        PlatformReason.SERVICE_UNAVAILABLE, T, 1, List.of(), List.of())),
                c.handle(new Event.Unavailable(Service.RATING, "Routes: DEADLINE_EXCEEDED")));
    }
}
