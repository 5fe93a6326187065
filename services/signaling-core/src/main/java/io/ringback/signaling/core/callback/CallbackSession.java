package io.ringback.signaling.core.callback;

import io.ringback.signaling.core.destination.TransformationRule;
import io.ringback.signaling.core.sip.SipCauses;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One callback session's state machine: {@link #handle(Event)} takes what happened and answers
 * what to do next. Deterministic, single-threaded, no I/O: the driver serialises the events of a
 * session, executes the commands through the adapters and feeds their outcomes back. Time comes
 * from the injected clock, leg ids from the injected supplier. docs/callflow.md describes the flow;
 * an event that does not apply to the current stage (a late or duplicate result) is ignored, except
 * that whatever it would leave open (an endpoint, a reservation, an answered dialog) is closed.
 */
public final class CallbackSession {

    /** Where the session is. */
    public enum Stage {
        IDLE, ROUTING_A, CALLING_A, WAITING_RETRY, PLAYING, CARD, PIN, VERIFYING_PIN, BALANCE, DESTINATION,
        CONFIRM, CHECKING, QUOTING, RESERVING, CONNECTING, BRIDGED, ENDED
    }

    /** Routes tried for one destination at most; leg A's setup allowance in the quote is this many ring timeouts. */
    public static final int MAX_ROUTES = 3;
    /** How long a reservation outlives the longest call, so the CDR side settles it before it lapses. */
    public static final Duration RESERVATION_GRACE = Duration.ofMinutes(15);
    /** The most digits of a card number or PIN. */
    static final int CREDENTIAL_DIGITS = 20;
    /** Played before the quoted maximum when the template has no prompt of its own. */
    static final String DEFAULT_WARNING_TONE = "warning_tone";
    static final int Q850_NO_ANSWER = 19;
    static final int Q850_TEMPORARY_FAILURE = 41;
    static final int Q850_INCOMPATIBLE_DESTINATION = 88;
    static final int SIP_REQUEST_TERMINATED = 487;
    static final int SIP_NOT_ACCEPTABLE_HERE = 488;

    private interface Step {
        void run(List<Command> out);
    }

    private final SessionStart start;
    private final ServiceSettings service;
    private final IvrSettings ivr;
    private final Clock clock;
    private final Supplier<UUID> legIds;
    private final List<Leg> legs = new ArrayList<>();
    private final List<UUID> originated = new ArrayList<>();
    private final List<String> reservations = new ArrayList<>();
    private final Set<Timer> running = EnumSet.noneOf(Timer.class);
    private Stage stage = Stage.IDLE;
    private long sessionSequence;
    private int attemptA;
    private Leg legA;
    private Leg legB;
    private String accountId;
    private String phoneCardId;
    private Step afterPlay;
    private int retries;
    private int pinRetries;
    private String cardNumber;
    private String digits;
    private String destination;
    private Event.Quoted quote;
    private String reservationId;
    private boolean reservationUsed;
    private List<Route> routesB;
    private int routeCursor;
    private boolean marginExcluded;
    private boolean holdMusicStarted;

    public CallbackSession(SessionStart start, ServiceSettings service, IvrSettings ivr, Clock clock,
                           Supplier<UUID> legIds) {
        this.start = Objects.requireNonNull(start, "start");
        this.service = Objects.requireNonNull(service, "service");
        this.ivr = Objects.requireNonNull(ivr, "ivr");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.legIds = Objects.requireNonNull(legIds, "legIds");
        this.accountId = start.accountId();
    }

    public Stage stage() {
        return stage;
    }

    /** What to do after {@code event}. */
    public List<Command> handle(Event event) {
        Objects.requireNonNull(event, "event");
        List<Command> out = new ArrayList<>();
        if (stage == Stage.ENDED) {
            closeLate(event, out);
        } else if (event instanceof Event.Started) {
            if (stage == Stage.IDLE) {
                routeLegA(out);
            }
        } else if (event instanceof Event.JobExpired) {
            if (stage == Stage.IDLE) {
                endSession(HangupParty.PLATFORM, PlatformReason.JOB_EXPIRED, out);
            }
        } else if (event instanceof Event.HangUpRequested h) {
            teardown(HangupParty.PLATFORM, h.reason(), out);
        } else if (event instanceof Event.TimerFired t) {
            timerFired(t.timer(), out);
        } else if (event instanceof Event.RoutesFound r) {
            routesFound(r, out);
        } else if (event instanceof Event.EndpointCreated e) {
            endpointCreated(e, out);
        } else if (event instanceof Event.LegDialed d) {
            Leg leg = leg(d.legId());
            if (leg != null && !leg.over && leg.state == null) {
                originated(leg, d, out);
            }
        } else if (event instanceof Event.Provisional p) {
            provisional(p, out);
        } else if (event instanceof Event.Answered a) {
            answered(a, out);
        } else if (event instanceof Event.Failed f) {
            failed(f, out);
        } else if (event instanceof Event.RemoteHangup h) {
            remoteHangup(h, out);
        } else if (event instanceof Event.InfoDigit d) {
            if (legA != null && d.legId().equals(legA.id) && legA.answered() && !legA.over) {
                out.add(new Command.FeedDtmf(legA.endpointId, d.digit()));
            }
        } else if (event instanceof Event.ReInvite r) {
            Leg leg = leg(r.legId());
            if (leg != null && leg.answered() && !leg.over) {
                leg.reInvitePending = true;
                out.add(new Command.Renegotiate(leg.id, leg.endpointId, r.sdp()));
            }
        } else if (event instanceof Event.ReInviteAnswer r) {
            Leg leg = leg(r.legId());
            if (leg != null && leg.reInvitePending && !leg.over) {
                leg.reInvitePending = false;
                out.add(new Command.AnswerReInvite(leg.id, r.sdp()));
            }
        } else if (event instanceof Event.RemoteDescriptionRejected r) {
            descriptionRejected(r, out);
        } else if (event instanceof Event.SessionTimerExpired s) {
            Leg leg = leg(s.legId());
            if (leg != null && leg.answered() && !leg.over) {
                teardown(HangupParty.PLATFORM, PlatformReason.SESSION_TIMER, out);
            }
        } else if (event instanceof Event.MediaTimeout m) {
            if (answeredLegWithEndpoint(m.endpointId())) {
                teardown(HangupParty.PLATFORM, PlatformReason.MEDIA_TIMEOUT, out);
            }
        } else if (event instanceof Event.PlayFinished p) {
            playFinished(p, out);
        } else if (event instanceof Event.DigitsCollected d) {
            if (legA != null && d.endpointId().equals(legA.endpointId)) {
                digitsCollected(d, out);
            }
        } else {
            serviceResult(event, out);
        }
        return out;
    }

    // --- leg A ---

    private void routeLegA(List<Command> out) {
        stage = Stage.ROUTING_A;
        attemptA++;
        out.add(new Command.FindRoutes(LegRole.A, accountId, start.callerNumber(), null, 1));
    }

    private void routesFound(Event.RoutesFound found, List<Command> out) {
        if (found.role() == LegRole.A && stage == Stage.ROUTING_A) {
            if (found.routes().isEmpty()) {
                endSession(HangupParty.PLATFORM, PlatformReason.NO_ROUTE, out);
                return;
            }
            legA = newLeg(LegRole.A, start.did(), start.callerNumber(), start.dialedCaller(), found.routes().get(0),
                    attemptA, 0, null, null, 0);
            stage = Stage.CALLING_A;
            out.add(new Command.CreateEndpoint(legA.id));
        } else if (found.role() == LegRole.B && stage == Stage.CONNECTING && routesB == null) {
            routesB = found.routes();
            routeCursor = -1;
            nextRoute(out);
        }
    }

    private void endpointCreated(Event.EndpointCreated created, List<Command> out) {
        Leg leg = leg(created.legId());
        if (leg == null || leg.over || leg.endpointId != null) {
            out.add(new Command.DestroyEndpoint(created.endpointId()));
            return;
        }
        leg.endpointId = created.endpointId();
        leg.dialSent = true;
        out.add(new Command.DialLeg(leg.id, leg.role, leg.route.gatewayId(), leg.callerNumber, leg.calledNumber,
                created.sdpOffer()));
    }

    private void originated(Leg leg, Event.LegDialed dialed, List<Command> out) {
        leg.sipCallId = dialed.sipCallId();
        leg.sentNumber = dialed.sentNumber();
        leg.state = LegState.ORIGINATED;
        leg.originatedAtMs = now();
        originated.add(leg.id);
        startTimer(leg.role == LegRole.A ? Timer.RING_A : Timer.RING_B, service.ringTimeout(), out);
        out.add(publish(leg));
    }

    private void provisional(Event.Provisional provisional, List<Command> out) {
        Leg leg = leg(provisional.legId());
        if (leg == null || !leg.ringing() || provisional.sipCode() < 180) {
            return;
        }
        leg.sipCode = provisional.sipCode();
        if (provisional.sdp() != null && !leg.earlyMedia) {
            leg.earlyMedia = true;
            out.add(new Command.SetRemoteDescription(leg.id, leg.endpointId, provisional.sdp()));
            if (leg.role == LegRole.B && ivr.musicOnHold() == null) {
                out.add(new Command.Bridge(legA.endpointId, leg.endpointId));
            }
        }
        if (leg.state == LegState.ORIGINATED) {
            leg.state = LegState.RINGING;
            leg.ringingAtMs = now();
            out.add(publish(leg));
        }
    }

    private void answered(Event.Answered answered, List<Command> out) {
        Leg leg = leg(answered.legId());
        if (leg == null) {
            return;
        }
        if (leg.over) {
            if (leg.dialSent) {
                // a 200 that crossed our CANCEL: the dialog exists, close it; the leg is already FAILED
                out.add(new Command.HangUpLeg(leg.id, SipCauses.NORMAL_CLEARING));
            }
            return;
        }
        if (!leg.ringing()) {
            return;
        }
        cancelTimer(leg.role == LegRole.A ? Timer.RING_A : Timer.RING_B, out);
        leg.state = LegState.ANSWERED;
        leg.sipCode = 200;
        leg.answeredAtMs = now();
        if (answered.sdp() == null) {
            out.add(publish(leg));
            mediaNegotiationFailed(leg, out);
            return;
        }
        out.add(new Command.SetRemoteDescription(leg.id, leg.endpointId, answered.sdp()));
        if (leg.role == LegRole.A) {
            out.add(publish(leg));
            playThen(Prompt.WELCOME, this::afterWelcome, out);
        } else {
            if (!leg.earlyMedia || ivr.musicOnHold() != null) {
                out.add(new Command.Bridge(legA.endpointId, leg.endpointId));
            }
            out.add(publish(leg));
            reservationUsed = true;
            stage = Stage.BRIDGED;
            Duration max = Duration.ofMillis(quote.maxDurationMs());
            if (max.compareTo(service.maxDurationWarning()) > 0) {
                startTimer(Timer.MAX_DURATION_WARNING, max.minus(service.maxDurationWarning()), out);
            }
            startTimer(Timer.MAX_DURATION, max, out);
        }
    }

    private void mediaNegotiationFailed(Leg leg, List<Command> out) {
        if (leg.role == LegRole.A) {
            teardown(HangupParty.PLATFORM, PlatformReason.MEDIA_NEGOTIATION, out);
        } else {
            out.add(new Command.HangUpLeg(leg.id, Q850_INCOMPATIBLE_DESTINATION));
            finish(leg, LegState.ENDED, leg.sipCode, Q850_INCOMPATIBLE_DESTINATION, HangupParty.PLATFORM,
                    PlatformReason.MEDIA_NEGOTIATION, out);
            nextRoute(out);
        }
    }

    private void descriptionRejected(Event.RemoteDescriptionRejected rejected, List<Command> out) {
        Leg leg = leg(rejected.legId());
        if (leg == null || leg.over) {
            return;
        }
        if (leg.reInvitePending) {
            leg.reInvitePending = false;
            out.add(new Command.RejectReInvite(leg.id, SIP_NOT_ACCEPTABLE_HERE));
        } else if (leg.answered()) {
            if (leg.role == LegRole.B) {
                cancelTimer(Timer.MAX_DURATION_WARNING, out);
                cancelTimer(Timer.MAX_DURATION, out);
                reservationUsed = false;
                stage = Stage.CONNECTING;
            }
            mediaNegotiationFailed(leg, out);
        } else if (leg.ringing()) {
            // early media we cannot use: the leg may still answer with a usable SDP
            leg.earlyMedia = false;
        }
    }

    private void failed(Event.Failed failed, List<Command> out) {
        Leg leg = leg(failed.legId());
        if (leg == null || leg.over || !leg.dialSent) {
            return;
        }
        if (leg.state == null) {
            // failed before the INVITE went out (the gateway refused locally): still a leg with events
            leg.state = LegState.ORIGINATED;
            leg.originatedAtMs = now();
            originated.add(leg.id);
        } else if (leg.answered()) {
            return;
        }
        if (leg.role == LegRole.A) {
            cancelTimer(Timer.RING_A, out);
            finish(leg, LegState.FAILED, failed.sipCode(), failed.q850Cause(), HangupParty.USER,
                    PlatformReason.UNSPECIFIED, out);
            destroy(leg, out);
            afterLegAFailed(out);
        } else {
            cancelTimer(Timer.RING_B, out);
            finish(leg, LegState.FAILED, failed.sipCode(), failed.q850Cause(), HangupParty.DESTINATION,
                    PlatformReason.UNSPECIFIED, out);
            destroy(leg, out);
            if (SipCauses.failsOver(failed.sipCode())) {
                nextRoute(out);
            } else {
                calleeRefused(out);
            }
        }
    }

    private void afterLegAFailed(List<Command> out) {
        if (attemptA < service.attempts()) {
            stage = Stage.WAITING_RETRY;
            startTimer(Timer.RETRY_A, service.retryInterval(), out);
        } else {
            endSession(legA.hangupBy, legA.platformReason, out);
        }
    }

    private void ringTimeout(Leg leg, List<Command> out) {
        if (leg == null || !leg.ringing()) {
            return;
        }
        out.add(new Command.CancelLeg(leg.id));
        finish(leg, LegState.FAILED, SIP_REQUEST_TERMINATED, Q850_NO_ANSWER, HangupParty.PLATFORM,
                PlatformReason.RING_TIMEOUT, out);
        destroy(leg, out);
        if (leg.role == LegRole.A) {
            afterLegAFailed(out);
        } else {
            nextRoute(out);
        }
    }

    private void remoteHangup(Event.RemoteHangup hangup, List<Command> out) {
        Leg leg = leg(hangup.legId());
        if (leg == null || leg.over || !leg.answered()) {
            return;
        }
        if (leg.role == LegRole.A) {
            finish(leg, LegState.ENDED, leg.sipCode, hangup.q850Cause(), HangupParty.USER, PlatformReason.UNSPECIFIED,
                    out);
            teardown(HangupParty.USER, PlatformReason.UNSPECIFIED, out);
            return;
        }
        finish(leg, LegState.ENDED, leg.sipCode, hangup.q850Cause(), HangupParty.DESTINATION,
                PlatformReason.UNSPECIFIED, out);
        destroy(leg, out);
        cancelTimer(Timer.MAX_DURATION_WARNING, out);
        cancelTimer(Timer.MAX_DURATION, out);
        if (service.redialAllowed()) {
            // the reservation was used by this conversation: the CDR side settles it and releases the rest
            reservationId = null;
            retries = 0;
            askDestination(out);
        } else {
            teardown(HangupParty.DESTINATION, PlatformReason.UNSPECIFIED, out);
        }
    }

    // --- IVR ---

    private void afterWelcome(List<Command> out) {
        if (service.pinLogin()) {
            askCard(out);
        } else {
            afterLogin(out);
        }
    }

    private void askCard(List<Command> out) {
        collect(Prompt.ENTER_CARD, Stage.CARD, CREDENTIAL_DIGITS, out);
    }

    private void afterLogin(List<Command> out) {
        if (ivr.announceBalance() && accountId != null) {
            stage = Stage.BALANCE;
            out.add(new Command.GetBalance(accountId));
        } else {
            askDestination(out);
        }
    }

    private void askDestination(List<Command> out) {
        collect(Prompt.ENTER_DESTINATION, Stage.DESTINATION, ivr.maxLength(), out);
    }

    private void digitsCollected(Event.DigitsCollected collected, List<Command> out) {
        String entered = collected.digits();
        boolean nothing = entered.isEmpty() && collected.end() == CollectEnd.TIMEOUT;
        switch (stage) {
            case CARD -> {
                if (nothing) {
                    noInput(this::askCard, out);
                } else {
                    cardNumber = entered;
                    collect(Prompt.ENTER_PIN, Stage.PIN, CREDENTIAL_DIGITS, out);
                }
            }
            case PIN -> {
                if (nothing) {
                    noInput(this::askCard, out);
                } else {
                    stage = Stage.VERIFYING_PIN;
                    out.add(new Command.VerifyPin(cardNumber, entered));
                }
            }
            case DESTINATION -> {
                if (nothing) {
                    noInput(this::askDestination, out);
                } else {
                    destinationEntered(entered, out);
                }
            }
            case CONFIRM -> {
                if ("1".equals(entered)) {
                    check(out);
                } else if ("2".equals(entered)) {
                    askDestination(out);
                } else {
                    noInput(this::askConfirm, out);
                }
            }
            default -> {
                // a collect that ended after the stage moved on
            }
        }
    }

    private void noInput(Step again, List<Command> out) {
        retries++;
        if (retries > ivr.retries()) {
            farewell(null, HangupParty.PLATFORM, PlatformReason.NO_INPUT, out);
        } else {
            again.run(out);
        }
    }

    private void destinationEntered(String entered, List<Command> out) {
        if (!entered.chars().allMatch(c -> c >= '0' && c <= '9')
                || entered.length() < ivr.minLength() || entered.length() > ivr.maxLength()) {
            invalidDestination(out);
            return;
        }
        String number = entered;
        try {
            for (TransformationRule rule : ivr.rules()) {
                number = rule.apply(number);
            }
        } catch (IllegalArgumentException e) {
            invalidDestination(out);
            return;
        }
        if (!ivr.format().matcher(number).matches()) {
            invalidDestination(out);
            return;
        }
        digits = entered;
        destination = number;
        if (ivr.confirm()) {
            stage = Stage.PLAYING;
            afterPlay = this::askConfirm;
            out.add(new Command.SayDigits(legA.endpointId, entered, start.language()));
        } else {
            check(out);
        }
    }

    private void askConfirm(List<Command> out) {
        collect(Prompt.CONFIRM_DESTINATION, Stage.CONFIRM, 1, out);
    }

    private void invalidDestination(List<Command> out) {
        retries++;
        if (retries > ivr.retries()) {
            farewell(Prompt.INVALID_DESTINATION, HangupParty.PLATFORM, PlatformReason.INVALID_DESTINATION, out);
        } else {
            playThen(Prompt.INVALID_DESTINATION, this::askDestination, out);
        }
    }

    private void check(List<Command> out) {
        stage = Stage.CHECKING;
        out.add(new Command.CheckDestination(accountId, destination));
    }

    private void serviceResult(Event event, List<Command> out) {
        if (event instanceof Event.PinVerified v && stage == Stage.VERIFYING_PIN) {
            accountId = v.accountId();
            phoneCardId = v.phoneCardId();
            afterLogin(out);
        } else if (event instanceof Event.PinRejected r && stage == Stage.VERIFYING_PIN) {
            pinRetries++;
            if (r.locked()) {
                farewell(Prompt.PIN_LOCKED, HangupParty.PLATFORM, PlatformReason.PIN_FAILURE, out);
            } else if (pinRetries > ivr.retries()) {
                farewell(Prompt.PIN_INVALID, HangupParty.PLATFORM, PlatformReason.PIN_FAILURE, out);
            } else {
                playThen(Prompt.PIN_INVALID, this::askCard, out);
            }
        } else if (event instanceof Event.Balance b && stage == Stage.BALANCE) {
            stage = Stage.PLAYING;
            afterPlay = this::askDestination;
            out.add(new Command.SayAmount(legA.endpointId, b.amount(), b.currency(), start.language()));
        } else if (event instanceof Event.DestinationChecked c && stage == Stage.CHECKING) {
            if (c.allowed()) {
                stage = Stage.QUOTING;
                long setupAllowance = service.ringTimeout().toMillis() * MAX_ROUTES;
                out.add(new Command.Quote(accountId, start.callerNumber(), destination, start.ctdMode(),
                        start.flowRateTableId(), now() - legA.answeredAtMs + setupAllowance));
            } else {
                invalidDestination(out);
            }
        } else if (event instanceof Event.Quoted q && stage == Stage.QUOTING) {
            quoted(q, out);
        } else if (event instanceof Event.FundsReserved r) {
            if (stage == Stage.RESERVING) {
                reserved(r.reservationId(), out);
            } else {
                out.add(new Command.ReleaseFunds(r.reservationId()));
            }
        } else if (event instanceof Event.FundsRefused && stage == Stage.RESERVING) {
            farewell(Prompt.INSUFFICIENT_FUNDS, HangupParty.PLATFORM, PlatformReason.NO_FUNDS, out);
        } else if (event instanceof Event.Unavailable u) {
            unavailable(u, out);
        }
    }

    private void quoted(Event.Quoted q, List<Command> out) {
        switch (q.outcome()) {
            case NO_RATE -> invalidDestination(out);
            case INSUFFICIENT_FUNDS ->
                    farewell(Prompt.INSUFFICIENT_FUNDS, HangupParty.PLATFORM, PlatformReason.NO_FUNDS, out);
            case ALLOWED -> {
                quote = q;
                stage = Stage.RESERVING;
                Duration ttl = Duration.ofMillis(q.maxDurationMs())
                        .plus(service.ringTimeout().multipliedBy(MAX_ROUTES)).plus(RESERVATION_GRACE);
                out.add(new Command.ReserveFunds(start.sessionId(), accountId,
                        start.sessionId() + ":" + (reservations.size() + 1), q.amounts(), ttl));
            }
        }
    }

    private void reserved(String id, List<Command> out) {
        reservationId = id;
        reservationUsed = false;
        reservations.add(id);
        if (ivr.announceMinutes()) {
            stage = Stage.PLAYING;
            afterPlay = this::connect;
            out.add(new Command.SayMinutes(legA.endpointId, quote.maxDurationMs() / 60_000, start.language()));
        } else {
            connect(out);
        }
    }

    private void unavailable(Event.Unavailable u, List<Command> out) {
        if (u.service() != Service.MEDIA && legA != null && legA.answered() && !legA.over
                && stage != Stage.PLAYING && stage != Stage.BRIDGED) {
            farewell(Prompt.SERVICE_UNAVAILABLE, HangupParty.PLATFORM, PlatformReason.SERVICE_UNAVAILABLE, out);
        } else {
            teardown(HangupParty.PLATFORM, PlatformReason.SERVICE_UNAVAILABLE, out);
        }
    }

    // --- leg B ---

    private void connect(List<Command> out) {
        stage = Stage.CONNECTING;
        routesB = null;
        marginExcluded = false;
        holdMusicStarted = false;
        String connecting = ivr.prompts().get(Prompt.CONNECTING);
        if (connecting != null) {
            out.add(new Command.Play(legA.endpointId, connecting, start.language(), false));
        } else {
            startHoldMusic(out);
        }
        out.add(new Command.FindRoutes(LegRole.B, accountId, destination, quote.pricePerMinute(), MAX_ROUTES));
    }

    private void startHoldMusic(List<Command> out) {
        holdMusicStarted = true;
        if (ivr.musicOnHold() != null) {
            out.add(new Command.Play(legA.endpointId, ivr.musicOnHold(), start.language(), true));
        }
    }

    private void nextRoute(List<Command> out) {
        while (++routeCursor < routesB.size() && routeCursor < MAX_ROUTES) {
            Route route = routesB.get(routeCursor);
            if (route.costPerMinute().compareTo(quote.pricePerMinute()) > 0) {
                marginExcluded = true;
                continue;
            }
            legB = newLeg(LegRole.B, start.callerNumber(), destination, digits, route, 0, routeCursor, digits,
                    reservationId, quote.maxDurationMs());
            stage = Stage.CONNECTING;
            out.add(new Command.CreateEndpoint(legB.id));
            return;
        }
        boolean triedAny = legs.stream().anyMatch(l -> l.role == LegRole.B && l.reservationId != null
                && l.reservationId.equals(reservationId));
        PlatformReason reason = marginExcluded && !triedAny ? PlatformReason.MARGIN_GUARD : PlatformReason.NO_ROUTE;
        farewell(Prompt.ALL_ROUTES_FAILED, HangupParty.PLATFORM, reason, out);
    }

    private void calleeRefused(List<Command> out) {
        if (service.redialAllowed()) {
            releaseUnused(out);
            retries = 0;
            askDestination(out);
        } else {
            farewell(null, HangupParty.DESTINATION, PlatformReason.UNSPECIFIED, out);
        }
    }

    // --- timers and prompts ---

    private void timerFired(Timer timer, List<Command> out) {
        if (!running.remove(timer)) {
            return;
        }
        switch (timer) {
            case RING_A -> ringTimeout(legA, out);
            case RETRY_A -> {
                if (stage == Stage.WAITING_RETRY) {
                    routeLegA(out);
                }
            }
            case RING_B -> ringTimeout(legB, out);
            case MAX_DURATION_WARNING -> {
                String tone = ivr.prompts().getOrDefault(Prompt.MAX_DURATION_WARNING, DEFAULT_WARNING_TONE);
                out.add(new Command.Play(legA.endpointId, tone, start.language(), false));
            }
            case MAX_DURATION -> teardown(HangupParty.PLATFORM, PlatformReason.MAX_DURATION, out);
        }
    }

    private void playFinished(Event.PlayFinished finished, List<Command> out) {
        if (legA == null || !finished.endpointId().equals(legA.endpointId)) {
            return;
        }
        if (stage == Stage.PLAYING && afterPlay != null) {
            Step next = afterPlay;
            afterPlay = null;
            next.run(out);
        } else if (stage == Stage.CONNECTING && !holdMusicStarted) {
            startHoldMusic(out);
        }
    }

    private void playThen(Prompt prompt, Step next, List<Command> out) {
        String id = prompt == null ? null : ivr.prompts().get(prompt);
        if (id == null) {
            next.run(out);
            return;
        }
        stage = Stage.PLAYING;
        afterPlay = next;
        out.add(new Command.Play(legA.endpointId, id, start.language(), false));
    }

    private void collect(Prompt prompt, Stage collecting, int maxDigits, List<Command> out) {
        stage = collecting;
        out.add(new Command.PlayAndCollect(legA.endpointId, ivr.prompts().get(prompt), start.language(),
                ivr.firstDigitTimeout(), ivr.interDigitTimeout(), maxDigits, ivr.terminator()));
    }

    /** Plays {@code prompt} (when the template has it), then goodbye, then ends the session. */
    private void farewell(Prompt prompt, HangupParty party, PlatformReason reason, List<Command> out) {
        drop(legB, party, reason, out);
        playThen(prompt, o1 -> playThen(Prompt.GOODBYE, o2 -> teardown(party, reason, o2), o1), out);
    }

    private void startTimer(Timer timer, Duration after, List<Command> out) {
        running.add(timer);
        out.add(new Command.StartTimer(timer, after));
    }

    private void cancelTimer(Timer timer, List<Command> out) {
        if (running.remove(timer)) {
            out.add(new Command.CancelTimer(timer));
        }
    }

    // --- the end ---

    /** Ends every leg still up, closes endpoints, timers and the unused reservation, and ends the session. */
    private void teardown(HangupParty party, PlatformReason reason, List<Command> out) {
        drop(legB, party, reason, out);
        drop(legA, party, reason, out);
        for (Timer timer : List.copyOf(running)) {
            cancelTimer(timer, out);
        }
        for (Leg leg : legs) {
            destroy(leg, out);
        }
        releaseUnused(out);
        endSession(party, reason, out);
    }

    /** Hangs up an answered leg, cancels a ringing one, gives up one whose INVITE is not out yet. */
    private void drop(Leg leg, HangupParty party, PlatformReason reason, List<Command> out) {
        if (leg == null || leg.over) {
            return;
        }
        int q850 = q850For(reason);
        if (leg.answered()) {
            out.add(new Command.HangUpLeg(leg.id, q850));
            finish(leg, LegState.ENDED, leg.sipCode, q850, party, reason, out);
        } else if (leg.ringing()) {
            out.add(new Command.CancelLeg(leg.id));
            finish(leg, LegState.FAILED, SIP_REQUEST_TERMINATED, q850, party, reason, out);
        } else {
            if (leg.dialSent) {
                out.add(new Command.CancelLeg(leg.id));
            }
            leg.over = true;
        }
        if (leg.role == LegRole.B) {
            cancelTimer(Timer.RING_B, out);
            destroy(leg, out);
        }
    }

    private static int q850For(PlatformReason reason) {
        return switch (reason) {
            case MEDIA_TIMEOUT, SERVICE_UNAVAILABLE -> Q850_TEMPORARY_FAILURE;
            case SESSION_TIMER -> SipCauses.TIMER_EXPIRY;
            case MEDIA_NEGOTIATION -> Q850_INCOMPATIBLE_DESTINATION;
            default -> SipCauses.NORMAL_CLEARING;
        };
    }

    private void releaseUnused(List<Command> out) {
        if (reservationId != null && !reservationUsed) {
            out.add(new Command.ReleaseFunds(reservationId));
        }
        reservationId = null;
    }

    private void endSession(HangupParty party, PlatformReason reason, List<Command> out) {
        SessionOutcome outcome;
        if (reason == PlatformReason.JOB_EXPIRED) {
            outcome = SessionOutcome.JOB_EXPIRED;
        } else if (legs.stream().anyMatch(l -> l.role == LegRole.B && l.answeredAtMs > 0
                && l.platformReason != PlatformReason.MEDIA_NEGOTIATION)) {
            outcome = SessionOutcome.CONNECTED;
        } else if (legA != null && legA.answeredAtMs > 0) {
            outcome = SessionOutcome.NOT_CONNECTED;
        } else {
            outcome = SessionOutcome.CALLBACK_FAILED;
        }
        stage = Stage.ENDED;
        sessionSequence++;
        out.add(new Command.PublishEnd(new SessionEnd(start.sessionId(), originated, outcome, party, reason,
                accountId, phoneCardId, start.serviceId(), reservations, start.startedAt().toEpochMilli(), now(),
                sessionSequence)));
    }

    /** After the end: close what a late result would leave open. */
    private void closeLate(Event event, List<Command> out) {
        if (event instanceof Event.EndpointCreated e) {
            out.add(new Command.DestroyEndpoint(e.endpointId()));
        } else if (event instanceof Event.FundsReserved r) {
            out.add(new Command.ReleaseFunds(r.reservationId()));
        } else if (event instanceof Event.Answered a) {
            Leg leg = leg(a.legId());
            if (leg != null && leg.dialSent) {
                out.add(new Command.HangUpLeg(leg.id, SipCauses.NORMAL_CLEARING));
            }
        }
    }

    // --- legs ---

    private Leg newLeg(LegRole role, String caller, String called, String dialed, Route route, int attempt,
                       int routeIndex, String entered, String reservation, long maxDurationMs) {
        Leg leg = new Leg(legIds.get(), role, caller, called, dialed, route, attempt, routeIndex, entered,
                reservation, maxDurationMs);
        legs.add(leg);
        return leg;
    }

    private Leg leg(UUID id) {
        for (Leg leg : legs) {
            if (leg.id.equals(id)) {
                return leg;
            }
        }
        return null;
    }

    private boolean answeredLegWithEndpoint(String endpointId) {
        return legs.stream().anyMatch(l -> endpointId.equals(l.endpointId) && l.answered() && !l.over);
    }

    private void destroy(Leg leg, List<Command> out) {
        if (leg.endpointId != null && !leg.endpointDestroyed) {
            leg.endpointDestroyed = true;
            out.add(new Command.DestroyEndpoint(leg.endpointId));
        }
    }

    private void finish(Leg leg, LegState state, int sipCode, int q850, HangupParty party, PlatformReason reason,
                        List<Command> out) {
        leg.state = state;
        leg.sipCode = sipCode;
        leg.q850Cause = q850;
        leg.hangupBy = party;
        leg.platformReason = reason;
        leg.endedAtMs = now();
        leg.over = true;
        out.add(publish(leg));
    }

    private Command publish(Leg leg) {
        leg.sequence++;
        sessionSequence++;
        long duration = leg.state == LegState.ENDED && leg.answeredAtMs > 0 ? leg.endedAtMs - leg.answeredAtMs : 0;
        return new Command.PublishLeg(new LegChange(start.sessionId(), leg.id, leg.role, leg.state,
                leg.callerNumber, leg.calledNumber, leg.dialedNumber, leg.sentNumber, start.did(), accountId,
                phoneCardId, start.serviceId(), start.ctdMode(), start.flowRateTableId(), leg.route.gatewayId(),
                leg.route.costRateTableId(), leg.sipCode, leg.q850Cause, leg.hangupBy, leg.platformReason,
                leg.attempt, leg.routeIndex, leg.digits, leg.sipCallId, leg.reservationId, leg.maxDurationMs, now(),
                leg.originatedAtMs, leg.ringingAtMs, leg.answeredAtMs, leg.endedAtMs, duration, leg.sequence,
                sessionSequence, start.instanceId()));
    }

    private long now() {
        return clock.millis();
    }
}
