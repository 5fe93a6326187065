package io.ringback.signaling.core.callback;

import io.ringback.signaling.core.destination.TransformationRule;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One callback session under test with the usual timeline: leg A dialed at 40 ms, ringing at
 * 1 s, answered at 5 s; the welcome ends at 8 s; the destination is entered at 15 s; leg B dialed
 * 100 ms after its endpoint, ringing 2 s later, answered 3 s after that.
 */
final class CallFixture {

    static final UUID SESSION = UUID.fromString("5e5510e0-0000-4000-8000-000000000001");
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final long T = T0.toEpochMilli();
    static final String USER = "4915112345678";
    static final String DID = "4930555000";
    static final String ENTERED = "004930123456";
    static final String DESTINATION = "4930123456";
    static final long MAX_MS = 600_000;
    static final BigDecimal PRICE = new BigDecimal("0.050000");
    static final Route CALLBACK = new Route("gw-cb", "cost-cb", new BigDecimal("0.010000"));
    static final Route CHEAP = new Route("gw-1", "ct-1", new BigDecimal("0.020000"));
    static final Route SECOND = new Route("gw-2", "ct-2", new BigDecimal("0.030000"));
    static final Route AT_A_LOSS = new Route("gw-x", "ct-x", new BigDecimal("0.050001"));
    static final List<LevelAmount> AMOUNTS = List.of(new LevelAmount(0, "acc-1", new BigDecimal("0.650000"), "EUR"));
    static final Event.Quoted ALLOWED = new Event.Quoted(QuoteOutcome.ALLOWED, PRICE, MAX_MS, AMOUNTS);

    static SessionStart start(String accountId) {
        return new SessionStart(SESSION, USER, "015112345678", DID, accountId, "svc-1", "STANDARD", null, "en",
                "sig-1", T0);
    }

    static ServiceSettings service(boolean redial, boolean pinLogin) {
        return new ServiceSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(30), redial,
                pinLogin);
    }

    static IvrSettings ivr(boolean confirm, String musicOnHold) {
        Map<Prompt, String> prompts = new HashMap<>();
        prompts.put(Prompt.WELCOME, "welcome");
        prompts.put(Prompt.ENTER_CARD, "enter_card");
        prompts.put(Prompt.ENTER_PIN, "enter_pin");
        prompts.put(Prompt.PIN_INVALID, "pin_invalid");
        prompts.put(Prompt.PIN_LOCKED, "pin_locked");
        prompts.put(Prompt.ENTER_DESTINATION, "enter_destination");
        prompts.put(Prompt.INVALID_DESTINATION, "invalid_destination");
        prompts.put(Prompt.CONFIRM_DESTINATION, "confirm");
        prompts.put(Prompt.INSUFFICIENT_FUNDS, "insufficient_balance");
        prompts.put(Prompt.CONNECTING, "connecting");
        prompts.put(Prompt.ALL_ROUTES_FAILED, "route_failed");
        prompts.put(Prompt.SERVICE_UNAVAILABLE, "service_unavailable");
        prompts.put(Prompt.GOODBYE, "goodbye");
        return new IvrSettings(prompts, List.of("en", "es"), Duration.ofSeconds(10), Duration.ofSeconds(5), 2, '#',
                Pattern.compile("[1-9][0-9]{7,14}"), 6, 16, List.of(TransformationRule.of("00([0-9]+)", "$1")),
                confirm, false, false, musicOnHold);
    }

    final SessionHarness h;

    CallFixture(ServiceSettings service, IvrSettings ivr, String accountId) {
        h = new SessionHarness(start(accountId), service, ivr);
    }

    CallFixture() {
        this(service(false, false), ivr(false, "music_on_hold"), "acc-1");
    }

    List<Command> handle(Event event) {
        return h.handle(event);
    }

    List<Command> step(long ms) {
        return h.step(Duration.ofMillis(ms));
    }

    /** Routes and dials leg A (leg {@code n}) for the current attempt; answers the LegDialed commands. */
    List<Command> dialA(int n) {
        h.handle(new Event.RoutesFound(LegRole.A, List.of(CALLBACK)));
        h.handle(new Event.EndpointCreated(SessionHarness.leg(n), "ep-" + n, "offer-" + n));
        step(40);
        return h.handle(new Event.LegDialed(SessionHarness.leg(n), "call-" + n, "+" + USER));
    }

    /** Leg A answered at 5 s; answers the Answered commands. */
    List<Command> answerA() {
        h.handle(new Event.Started());
        dialA(1);
        step(960);
        h.handle(new Event.Provisional(SessionHarness.leg(1), 180, null));
        step(4000);
        return h.handle(new Event.Answered(SessionHarness.leg(1), "answer-1"));
    }

    /** The welcome ended at 8 s: the destination prompt; answers its commands. */
    List<Command> toDestinationPrompt() {
        answerA();
        step(3000);
        return h.handle(new Event.PlayFinished("ep-1"));
    }

    List<Command> enter(String digits, CollectEnd end) {
        return h.handle(new Event.DigitsCollected("ep-1", digits, end));
    }

    /** The destination entered at 15 s, checked, quoted and reserved as res-1; answers the FundsReserved commands. */
    List<Command> toReserved() {
        toDestinationPrompt();
        step(7000);
        enter(ENTERED, CollectEnd.TERMINATOR);
        h.handle(new Event.DestinationChecked(true, null));
        h.handle(ALLOWED);
        return h.handle(new Event.FundsReserved("res-1"));
    }

    List<Command> routesB(Route... routes) {
        return h.handle(new Event.RoutesFound(LegRole.B, List.of(routes)));
    }

    /** Leg B (leg {@code n}) gets its endpoint and, 100 ms later, its INVITE is out; answers the LegDialed commands. */
    List<Command> dialB(int n) {
        h.handle(new Event.EndpointCreated(SessionHarness.leg(n), "ep-" + n, "offer-" + n));
        step(100);
        return h.handle(new Event.LegDialed(SessionHarness.leg(n), "call-" + n, "99" + DESTINATION));
    }

    /** Leg B rings 2 s after its INVITE and answers 3 s later; answers the Answered commands. */
    List<Command> answerB(int n) {
        step(2000);
        h.handle(new Event.Provisional(SessionHarness.leg(n), 180, null));
        step(3000);
        return h.handle(new Event.Answered(SessionHarness.leg(n), "answer-" + n));
    }

    /** The usual call up to the bridge: leg B is leg 2 through the cheapest route, answered at 20.1 s. */
    List<Command> toBridge() {
        toReserved();
        routesB(CHEAP, SECOND);
        dialB(2);
        return answerB(2);
    }
}
